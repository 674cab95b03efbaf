namespace WeChatGpt.Domain.Protection;

/// <summary>One address or CIDR range WeChat calls the webhook from, as <c>/cgi-bin/getcallbackip</c> listed it.</summary>
public sealed class CallbackIpRange
{
    private CallbackIpRange()
    {
        Range = string.Empty;
    }

    public CallbackIpRange(string range, DateTimeOffset fetchedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(range);
        Range = range.Trim();
        FetchedAt = fetchedAt;
    }

    public string Range { get; private set; }

    public DateTimeOffset FetchedAt { get; private set; }
}
