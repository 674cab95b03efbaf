namespace WeChatGpt.IntegrationTests.Support;

/// <summary>The most of a count seen at once, kept by threads that race.</summary>
public static class Peak
{
    /// <summary>Raises <paramref name="peak"/> to <paramref name="value"/> unless it is already at least that.</summary>
    public static void Raise(ref int peak, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref peak)) < value && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }
}
