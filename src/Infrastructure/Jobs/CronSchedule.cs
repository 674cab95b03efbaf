using System.Globalization;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// Checks a standard 5-field cron expression (minute hour day-of-month month day-of-week) before Hangfire
/// sees it, so that a bad schedule stops start-up with one line naming the key — in particular a Quartz-style
/// schedule (6 or 7 fields, seconds first) left in an old configuration.
/// </summary>
public static class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <returns>Null when the expression is valid, else what is wrong with it.</returns>
    public static string? Check(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "is required: a 5-field cron schedule (minute hour day month weekday), e.g. '30 3 * * *'.";
        }

        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 6 or 7)
        {
            return $"'{cron}' is a Quartz-style schedule ({fields.Length} fields, seconds first); use standard 5-field cron (minute hour day month weekday), e.g. '30 3 * * *' for 03:30 every day.";
        }

        if (fields.Length != 5)
        {
            return $"'{cron}' has {fields.Length} field(s); expected 5-field cron (minute hour day month weekday), e.g. '30 3 * * *'.";
        }

        (string Name, int Min, int Max, string[]? Names)[] spec =
        [
            ("minute", 0, 59, null),
            ("hour", 0, 23, null),
            ("day of month", 1, 31, null),
            ("month", 1, 12, Months),
            ("day of week", 0, 7, Days),
        ];
        for (var i = 0; i < 5; i++)
        {
            var (name, min, max, names) = spec[i];
            if (!FieldIsValid(fields[i], min, max, names, allowQuestionMark: i is 2 or 4))
            {
                return $"'{cron}': the {name} field '{fields[i]}' is not valid (allowed {min}–{max}, '*', ranges a-b, lists a,b and steps */n).";
            }
        }

        return null;
    }

    private static bool FieldIsValid(string field, int min, int max, string[]? names, bool allowQuestionMark)
    {
        if (allowQuestionMark && field == "?")
        {
            return true;
        }

        foreach (var item in field.Split(','))
        {
            var (range, step) = item.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0
                ? (item[..slash], item[(slash + 1)..])
                : (item, null);
            if (step is not null && (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max))
            {
                return false;
            }

            if (range == "*")
            {
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2 || !bounds.All(b => Value(b, min, max, names) is not null))
            {
                return false;
            }

            if (bounds.Length == 2 && Value(bounds[0], min, max, names) > Value(bounds[1], min, max, names))
            {
                return false;
            }
        }

        return true;
    }

    private static int? Value(string text, int min, int max, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= min && number <= max ? number : null;
        }

        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index + (min == 1 ? 1 : 0);
    }
}
