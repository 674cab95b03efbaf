namespace WeChatGpt.Infrastructure.Voice;

/// <summary>A speech service refused or failed. The message names the status, never a key.</summary>
public sealed class SpeechException(string message, Exception? inner = null) : Exception(message, inner);
