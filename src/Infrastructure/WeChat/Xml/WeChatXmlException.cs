namespace WeChatGpt.Infrastructure.WeChat.Xml;

/// <summary>The body is not a WeChat XML document we accept (malformed, a DTD, a missing field).</summary>
public sealed class WeChatXmlException(string message, Exception? inner = null) : Exception(message, inner);
