using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace WeChatGpt.WebApi.Admin;

/// <summary>
/// HTML that is safe to write as it is: made only by <see cref="Html"/> (or by <see cref="AdminHtml"/>), from
/// interpolated strings whose literal parts are this source code and whose every value is encoded — there is no way to
/// put an unencoded string into a page.
/// </summary>
public readonly struct Markup
{
    private readonly string? _value;

    private Markup(string value) => _value = value;

    public static Markup Empty { get; } = new(string.Empty);

    public override string ToString() => _value ?? string.Empty;

    /// <summary>A fragment: the literal parts as written, every value encoded (a <see cref="Markup"/> value as it is).</summary>
    public static Markup Html(ref HtmlInterpolation html) => new(html.ToString());

    /// <summary>Fragments one after the other.</summary>
    public static Markup Join(IEnumerable<Markup> parts, Markup separator) => new(string.Join(separator.ToString(), parts.Select(p => p.ToString())));

    internal static Markup Trusted(string html) => new(html);
}

/// <summary>Builds HTML from an interpolated string: literals as written, values encoded (<see cref="Markup"/> values as they are).</summary>
[InterpolatedStringHandler]
public ref struct HtmlInterpolation
{
    /// <summary>Encodes markup characters but leaves Chinese (and every other script) readable in the source.</summary>
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly StringBuilder _html;

    public HtmlInterpolation(int literalLength, int formattedCount) => _html = new StringBuilder(literalLength + (formattedCount * 16));

    /// <summary>Writes straight into a page being built.</summary>
    public HtmlInterpolation(int literalLength, int formattedCount, AdminHtml page) => _html = page.Body;

    public readonly void AppendLiteral(string literal) => _html.Append(literal);

    public readonly void AppendFormatted(Markup markup) => _html.Append(markup.ToString());

    public readonly void AppendFormatted(string? value) => _html.Append(Encoder.Encode(value ?? string.Empty));

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

    public readonly void AppendFormatted<T>(T value, string? format) =>
        _html.Append(Encoder.Encode(value switch
        {
            null => string.Empty,
            IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        }));

    public override readonly string ToString() => _html.ToString();
}
