using System.Globalization;
using System.Text;

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
    public static string Bars(string title, IReadOnlyList<(DateOnly Day, double? Value)> points, Func<double, string> format, double? maximum = null, string css = "")
    {
        var top = maximum ?? Math.Max(1, points.Max(p => p.Value ?? 0));
        var width = points.Count * 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart {AdminHtml.E(css)}\"><figcaption>{AdminHtml.E(title)} <span class=\"muted\">(max {AdminHtml.E(format(top))})</span></figcaption>");
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {width} {Height}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{AdminHtml.E(title)}\">");
        for (var i = 0; i < points.Count; i++)
        {
            var (day, value) = points[i];
            var h = value is { } v ? Math.Max(v > 0 ? 1 : 0, v / top * (Height - 2)) : 0;
            var label = $"{day.ToString("MM-dd", CultureInfo.InvariantCulture)}: {(value is { } shown ? format(shown) : "—")}";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{(i * 10) + 1}\" y=\"{Height - h:0.##}\" width=\"8\" height=\"{h:0.##}\"><title>{AdminHtml.E(label)}</title></rect>");
        }

        svg.Append("</svg>");
        svg.Append(CultureInfo.InvariantCulture, $"<div class=\"axis muted\"><span>{AdminHtml.E(points[0].Day.ToString("MM-dd", CultureInfo.InvariantCulture))}</span><span>{AdminHtml.E(points[^1].Day.ToString("MM-dd", CultureInfo.InvariantCulture))}</span></div></figure>");
        return svg.ToString();
    }
}
