namespace WeChatGpt.Infrastructure.WeChat.Crypto;

/// <summary>A safe-mode payload could not be decrypted or did not belong to this account.</summary>
public sealed class WeChatCryptoException(string message) : Exception(message);
