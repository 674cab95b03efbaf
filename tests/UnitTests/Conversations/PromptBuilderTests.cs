using Shouldly;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.UnitTests.Conversations;

public sealed class PromptBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SystemPromptFirst_ThenTurnsOldestFirst_ThenTheQuestion()
    {
        var history = Turns(("q1", "a1"), ("q2", "a2"));

        var prompt = PromptBuilder.Build("system", history, "q3", maxTurns: 20, budgetTokens: 10_000);

        prompt.Messages.Select(m => (m.Role, m.Content)).ShouldBe(
        [
            (ChatRole.System, "system"),
            (ChatRole.User, "q1"), (ChatRole.Assistant, "a1"),
            (ChatRole.User, "q2"), (ChatRole.Assistant, "a2"),
            (ChatRole.User, "q3"),
        ]);
    }

    [Fact]
    public void OnlyTheLatestTurnsWithinTheLimit()
    {
        var history = Turns(("q1", "a1"), ("q2", "a2"), ("q3", "a3"));

        var prompt = PromptBuilder.Build("s", history, "q4", maxTurns: 2, budgetTokens: 10_000);

        prompt.Messages.Where(m => m.Role == ChatRole.User).Select(m => m.Content).ShouldBe(["q2", "q3", "q4"]);
    }

    [Fact]
    public void OlderTurnsAreDropped_ToStayWithinTheTokenBudget()
    {
        var big = new string('长', 1000);
        var history = Turns(("old", big), ("recent", "short"));

        var prompt = PromptBuilder.Build("s", history, "now", maxTurns: 20, budgetTokens: 200);

        prompt.Messages.Select(m => m.Content).ShouldBe(["s", "recent", "short", "now"]);
    }

    private static List<Turn> Turns(params (string Q, string A)[] pairs)
    {
        var conversation = new Conversation("o", null, null, Now);
        return pairs.Select((p, i) => conversation.Record($"m:{i}", p.Q, p.A, Now, Now)).ToList();
    }
}
