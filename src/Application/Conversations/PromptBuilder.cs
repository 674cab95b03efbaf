using WeChatGpt.Application.Conversations.Text;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

/// <summary>
/// Builds the model's prompt: the system prompt, then the most recent turns that fit both the turn
/// limit and the token budget (older turns are dropped first), then the question.
/// </summary>
public static class PromptBuilder
{
    /// <param name="history">Turns of the open conversation, oldest first.</param>
    public static ChatPrompt Build(string systemPrompt, IReadOnlyList<Turn> history, string question, int maxTurns, int budgetTokens)
    {
        var used = TokenEstimate.Of(systemPrompt) + TokenEstimate.Of(question);
        var kept = new List<Turn>();
        for (var i = history.Count - 1; i >= 0 && kept.Count < maxTurns; i--)
        {
            var cost = TokenEstimate.Of(history[i].Question) + TokenEstimate.Of(history[i].Answer);
            if (used + cost > budgetTokens)
            {
                break;
            }

            used += cost;
            kept.Add(history[i]);
        }

        kept.Reverse();
        var messages = new List<ChatMessage>(2 + (kept.Count * 2)) { new(ChatRole.System, systemPrompt) };
        foreach (var turn in kept)
        {
            messages.Add(new ChatMessage(ChatRole.User, turn.Question));
            messages.Add(new ChatMessage(ChatRole.Assistant, turn.Answer));
        }

        messages.Add(new ChatMessage(ChatRole.User, question));
        return new ChatPrompt(messages);
    }
}
