using System.Text.Encodings.Web;
using System.Text.Json;

namespace WeChatGpt.Infrastructure.WeChat.Api;

internal static class WeChatJson
{
    /// <summary>Raw UTF-8, no <c>\uXXXX</c> escapes: WeChat refuses those (errcode 40033).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
