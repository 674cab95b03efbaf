namespace WeChatGpt.WebApi.WeChat;

/// <summary>OpenIDs are personal data: logs carry a short prefix, enough to correlate lines.</summary>
internal static class OpenIdLog
{
    public static string Short(string? openId) =>
        string.IsNullOrEmpty(openId) ? "-" : openId.Length <= 6 ? "***" : string.Concat(openId.AsSpan(0, 6), "…");
}
