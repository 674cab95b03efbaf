using System.Globalization;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// Small bar charts drawn on the server as inline SVG: no script, no front-end build, nothing fetched from elsewhere.
/// Each bar carries its day and value as a tooltip (<c>title</c>); the chart scales to the width of a phone.
/// </summary>
internal static class AdminCharts
{
    private const int Height = 60;

    /// <param name="format">How a value is written in its tooltip and as the chart's maximum.</param>
    /// <param name="maximum">The value at the top of the chart (the largest value when null).</param>
    public static Markup Bars(AdminText t, string title, IReadOnlyList<(DateOnly Day, double? Value)> points, Func<double, string> format, double? maximum = null, string css = "")
    {
        var top = maximum ?? Math.Max(1, points.Max(p => p.Value ?? 0));
        var bars = new List<Markup>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var (day, value) = points[i];
            var h = value is { } v ? Math.Max(v > 0 ? 1 : 0, v / top * (Height - 2)) : 0;
            var label = $"{day.ToString("MM-dd", CultureInfo.InvariantCulture)}: {(value is { } shown ? format(shown) : "—")}";
            bars.Add(Markup.Html($"<rect x=\"{(i * 10) + 1}\" y=\"{Height - h:0.##}\" width=\"8\" height=\"{h:0.##}\"><title>{label}</title></rect>"));
        }

        return Markup.Html(
            $"<figure class=\"chart {css}\"><figcaption>{title} <span class=\"muted\">({t.Format("max {0}", format(top))})</span></figcaption><svg viewBox=\"0 0 {points.Count * 10} {Height}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{title}\">{Markup.Join(bars, Markup.Empty)}</svg><div class=\"axis muted\"><span>{points[0].Day.ToString("MM-dd", CultureInfo.InvariantCulture)}</span><span>{points[^1].Day.ToString("MM-dd", CultureInfo.InvariantCulture)}</span></div></figure>");
    }
}
