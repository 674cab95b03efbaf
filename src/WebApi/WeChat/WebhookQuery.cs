namespace WeChatGpt.WebApi.WeChat;

/// <summary>The query of a webhook request (wechat-protocol.md §2.1).</summary>
internal sealed record WebhookQuery(string? Signature, string? Timestamp, string? Nonce, string? EncryptType, string? MsgSignature, string? EchoStr)
{
    public static WebhookQuery From(HttpRequest request)
    {
        var q = request.Query;
        return new WebhookQuery(q["signature"], q["timestamp"], q["nonce"], q["encrypt_type"], q["msg_signature"], q["echostr"]);
    }

    /// <summary><c>encrypt_type=aes</c>: compatible or safe mode. Absent or <c>raw</c>: plaintext.</summary>
    public bool IsEncrypted => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
}
