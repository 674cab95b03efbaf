using Microsoft.Extensions.Configuration;

namespace WeChatGpt.Application.Common.Options;

/// <summary>
/// Lists in configuration, given either as an array (<c>Api__Keys__0</c>, <c>Api__Keys__1</c>) or as one
/// comma-separated value (<c>Api__Keys=key1,key2</c>), which is handier in environment variables.
/// The configuration binder ignores the second form, so list-valued settings read it here.
/// </summary>
public static class ConfigurationLists
{
    public static string[] ListAt(this IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { Length: > 0 } single)
        {
            items.AddRange(single.Split(','));
        }

        return [.. items.Select(i => i?.Trim()).Where(i => !string.IsNullOrEmpty(i)).Distinct(StringComparer.Ordinal)!];
    }
}
