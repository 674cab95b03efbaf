using System.Text.Json;

namespace WeChatGpt.UnitTests.WeChat;

/// <summary>The public test vectors of ../shared/docs/wechat-vectors.json, copied into TestData.</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "wechat-vectors.json"))));

    public static IEnumerable<JsonElement> Section(string name) => Document.Value.RootElement.GetProperty(name).EnumerateArray();

    public static JsonElement Get(string section, string id) => Section(section).Single(v => v.GetProperty("id").GetString() == id);

    public static TheoryData<string> Ids(string section, Func<JsonElement, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var v in Section(section).Where(v => where?.Invoke(v) ?? true))
        {
            data.Add(v.GetProperty("id").GetString()!);
        }

        return data;
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static string? OptStr(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
