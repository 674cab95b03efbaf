using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Application.Conversations;

public interface IConversationStore
{
    /// <summary>The follower's open conversation, started (plain chat) if there is none.</summary>
    Task<Conversation> GetOpenAsync(string openId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the open conversation and starts a new one (with a template, or plain chat).</summary>
    Task<Conversation> StartAsync(string openId, Template? template, string? topic, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="count"/> turns of a conversation, oldest first.</summary>
    Task<IReadOnlyList<Turn>> RecentTurnsAsync(Guid conversationId, int count, CancellationToken cancellationToken);

    /// <summary>Stores a turn; false when a turn of the same message key exists (never a second stored turn).</summary>
    Task<bool> AddTurnAsync(Turn turn, CancellationToken cancellationToken);

    /// <summary>A follower's turns across conversations, newest first.</summary>
    /// <param name="search">Only turns whose question contains these words (null: all).</param>
    Task<IReadOnlyList<Turn>> HistoryAsync(string openId, int skip, int take, CancellationToken cancellationToken, string? search = null);

    Task<int> CountTurnsAsync(string openId, CancellationToken cancellationToken, string? search = null);

    /// <summary>Forgets the follower's conversations and turns; returns the number of turns deleted.</summary>
    Task<int> DeleteAllAsync(string openId, CancellationToken cancellationToken);
}
