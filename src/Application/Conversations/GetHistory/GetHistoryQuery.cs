using MediatR;

namespace WeChatGpt.Application.Conversations.GetHistory;

/// <summary>A follower's answered questions, newest first.</summary>
public sealed record GetHistoryQuery(string OpenId, int Skip = 0, int Take = 20) : IRequest<HistoryPage>
{
    /// <summary>Only turns whose question contains these words (the owner's console).</summary>
    public string? Search { get; init; }
}

public sealed record HistoryPage(int Total, IReadOnlyList<HistoryTurn> Turns);

/// <param name="PictureId">The turn's picture (the follower's photo, or the image drawn as the answer), if any.</param>
/// <param name="Drawn">The answer was a drawn image.</param>
public sealed record HistoryTurn(string Question, string Answer, DateTimeOffset AskedAt, DateTimeOffset AnsweredAt, long? PictureId = null, bool Drawn = false)
{
    /// <summary>Asked through the consumer API, not WeChat (the owner's console marks it; not in the API).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ViaApi { get; init; }

    /// <summary>The message the question came in (the owner's console; not in the API).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string MessageKey { get; init; } = string.Empty;

    /// <summary>The model asked, and the tokens of the answer (the owner's console; not in the API).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Model { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public int Tokens { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool TokensEstimated { get; init; }
}
