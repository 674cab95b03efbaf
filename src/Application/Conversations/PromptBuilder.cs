using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

/// <summary>
/// Builds the model's prompt: the system prompt, then the most recent turns that fit both the turn
/// limit and the token budget (older turns are dropped first), then the question. A follower's photo goes with
/// its own question and with the next <c>followUpTurns</c> questions, then drops out of the prompt.
/// </summary>
public static class PromptBuilder
{
    /// <summary>What a picture is counted as against the token budget (OpenAI's high detail at 1024 px is ~765).</summary>
    public const int PictureTokens = 800;

    /// <param name="history">Turns of the open conversation, oldest first.</param>
    public static ChatPrompt Build(string systemPrompt, IReadOnlyList<Turn> history, string question, int maxTurns, int budgetTokens) =>
        Build(systemPrompt, history, question, maxTurns, budgetTokens, picture: null, carried: null, followUpTurns: 0);

    /// <param name="picture">The photo the question is about, if it is one.</param>
    /// <param name="carried">The pictures of earlier turns that may still go with the prompt, by id.</param>
    /// <param name="followUpTurns">How many questions after a photo still carry it.</param>
    public static ChatPrompt Build(
        string systemPrompt,
        IReadOnlyList<Turn> history,
        string question,
        int maxTurns,
        int budgetTokens,
        ChatPicture? picture,
        IReadOnlyDictionary<long, ChatPicture>? carried,
        int followUpTurns)
    {
        var used = TokenEstimate.Of(systemPrompt) + TokenEstimate.Of(question) + (picture is null ? 0 : PictureTokens);
        var kept = new List<(Turn Turn, ChatPicture? Picture)>();
        for (var i = history.Count - 1; i >= 0 && kept.Count < maxTurns; i--)
        {
            var turn = history[i];
            var carries = CarriedPicture(turn, history.Count - i, carried, followUpTurns);
            var cost = TokenEstimate.Of(turn.Question) + TokenEstimate.Of(turn.Answer) + (carries is null ? 0 : PictureTokens);
            if (used + cost > budgetTokens)
            {
                break;
            }

            used += cost;
            kept.Add((turn, carries));
        }

        kept.Reverse();
        var messages = new List<ChatMessage>(2 + (kept.Count * 2)) { new(ChatRole.System, systemPrompt) };
        foreach (var (turn, carries) in kept)
        {
            messages.Add(new ChatMessage(ChatRole.User, turn.Question) { Pictures = carries is null ? [] : [carries] });
            messages.Add(new ChatMessage(ChatRole.Assistant, turn.Answer));
        }

        messages.Add(new ChatMessage(ChatRole.User, question) { Pictures = picture is null ? [] : [picture] });
        return new ChatPrompt(messages);
    }

    /// <summary>The ids of the pictures that may go with the next question: the photos of the last <paramref name="followUpTurns"/> turns.</summary>
    public static IReadOnlyList<long> PicturesToCarry(IReadOnlyList<Turn> history, int followUpTurns)
    {
        var ids = new List<long>();
        for (var i = Math.Max(0, history.Count - followUpTurns); i < history.Count; i++)
        {
            if (history[i] is { PictureId: { } id, Drawn: false })
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <param name="age">How many questions ago the turn was asked (1: the one just before).</param>
    private static ChatPicture? CarriedPicture(Turn turn, int age, IReadOnlyDictionary<long, ChatPicture>? carried, int followUpTurns) =>
        turn is { PictureId: { } id, Drawn: false } && age <= followUpTurns && carried is not null && carried.TryGetValue(id, out var picture)
            ? picture
            : null;
}
