using Shouldly;

namespace WeChatGpt.IntegrationTests.Support;

/// <summary>Waiting, in real time, for what the service does in the background.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="within"/> has passed; returns the last value read, for the caller to assert on.</summary>
    public static async Task<T> ReadUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(Poll, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Fails the test unless <paramref name="condition"/> holds within <paramref name="within"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what = "the condition never became true") =>
        (await ReadUntilAsync(condition, holds => holds, within)).ShouldBeTrue(what);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what = "the condition never became true") =>
        TrueAsync(() => Task.FromResult(condition()), within, what);
}
