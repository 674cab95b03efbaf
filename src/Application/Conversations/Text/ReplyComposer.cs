using System.Globalization;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Common.Texts;

namespace WeChatGpt.Application.Conversations.Text;

/// <summary>
/// Turns answer text into passive replies under WeChat's byte limit: the first part with a "N more"
/// hint, the next parts on "继续", partial text with a "still generating" hint. Every part is cut with the
/// same budget, so the count announced is the count delivered.
/// </summary>
public sealed class ReplyComposer(IOptionsMonitor<TextsOptions> texts, IOptionsMonitor<WeChatOptions> weChat)
{
    private const string Separator = "\n\n";
    private const int PreviewChars = 21;

    private int MaxBytes => weChat.CurrentValue.MaxReplyBytes;

    /// <summary>Bytes one part may take: the limit minus room for the hint and a note or prefix.</summary>
    public int PartBudget
    {
        get
        {
            var t = texts.CurrentValue;
            var hint = ReplySplitter.Utf8Length(Separator + MorePartsHint(999));
            var note = ReplySplitter.Utf8Length(Separator + t.EarlierAnswerWaiting);
            var prefix = ReplySplitter.Utf8Length(EarlierAnswerPrefix(new string('中', PreviewChars)) + "\n");
            return MaxBytes - hint - Math.Max(note, prefix);
        }
    }

    /// <summary>The budget for partial text, before the partial hint.</summary>
    public int PartialBudget => MaxBytes - ReplySplitter.Utf8Length(texts.CurrentValue.PartialHint);

    /// <summary>The first message of an answer and the exact rest of the text (empty when it fits).</summary>
    /// <param name="note">Appended to the message (e.g. an earlier answer waits for "继续").</param>
    public FirstPart First(string text, string? note)
    {
        var withNote = note is null ? text : text.TrimEnd() + Separator + note;
        if (ReplySplitter.Utf8Length(withNote) <= MaxBytes)
        {
            return new FirstPart(withNote, string.Empty, 0);
        }

        var length = ReplySplitter.NextPartLength(text, PartBudget);
        var rest = text[length..];
        var remaining = CountParts(rest);
        var message = text[..length].TrimEnd();
        if (remaining > 0)
        {
            message += Separator + MorePartsHint(remaining);
        }

        if (note is not null)
        {
            message += Separator + note;
        }

        return new FirstPart(message, rest, remaining);
    }

    /// <summary>The next message from a stored rest, and what remains after it.</summary>
    /// <param name="question">Set to name the question when the part belongs to an earlier answer.</param>
    public FirstPart Next(string remaining, string? question)
    {
        var body = remaining.TrimStart('\r', '\n');
        var length = ReplySplitter.NextPartLength(body, PartBudget);
        var rest = body[length..];
        var left = CountParts(rest);
        var message = body[..length].TrimEnd();
        if (question is not null)
        {
            message = EarlierAnswerPrefix(question) + "\n" + message;
        }

        if (left > 0)
        {
            message += Separator + MorePartsHint(left);
        }

        return new FirstPart(message, rest, left);
    }

    /// <summary>The answer cut into exact slices of <see cref="PartBudget"/>, for customer-service pushes.</summary>
    public IReadOnlyList<string> Slices(string text) => ReplySplitter.Split(text.Trim(), PartBudget);

    public string PushedPart(string slice, int index, int total) =>
        index == total - 1
            ? slice.Trim()
            : slice.Trim() + Separator + texts.CurrentValue.PushedPartSuffix
                .Replace("{index}", (index + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{total}", total.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A slice followed by the "N more, send 继续" hint.</summary>
    public string WithMoreHint(string slice, int remaining) => slice.Trim() + Separator + MorePartsHint(remaining);

    public int CountParts(string text) =>
        text.Trim().Length == 0 ? 0 : ReplySplitter.Split(text.TrimStart('\r', '\n').TrimEnd(), PartBudget).Count;

    public string Partial(string text) => text.TrimEnd() + texts.CurrentValue.PartialHint;

    public string MorePartsHint(int count) =>
        texts.CurrentValue.MorePartsHint.Replace("{count}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private string EarlierAnswerPrefix(string question) =>
        texts.CurrentValue.EarlierAnswerPrefix.Replace("{question}", question, StringComparison.Ordinal);
}

/// <param name="Message">What to send now.</param>
/// <param name="Rest">The exact text left for "继续".</param>
/// <param name="RemainingParts">How many messages the rest makes.</param>
public sealed record FirstPart(string Message, string Rest, int RemainingParts);
