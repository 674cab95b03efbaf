namespace WeChatGpt.Domain.Messaging.Replies;

/// <summary>A passive reply to one inbound message (wechat-protocol.md §3).</summary>
public abstract record Reply
{
    /// <summary>"No reply": WeChat gets <c>success</c> and does not retry.</summary>
    public static Reply None { get; } = new NoReply();

    public static Reply Text(string content) => new TextReply(content);
}

/// <summary>Answered with <c>success</c>: nothing is shown to the follower.</summary>
public sealed record NoReply : Reply;

public sealed record TextReply(string Content) : Reply;

public sealed record ImageReply(string MediaId) : Reply;

public sealed record VoiceReply(string MediaId) : Reply;

public sealed record VideoReply(string MediaId, string? Title = null, string? Description = null) : Reply;

public sealed record MusicReply(string ThumbMediaId, string? Title = null, string? Description = null, string? MusicUrl = null, string? HqMusicUrl = null) : Reply;

public sealed record NewsReply(IReadOnlyList<NewsArticle> Articles) : Reply
{
    public bool Equals(NewsReply? other) =>
        other is not null && Articles.SequenceEqual(other.Articles);

    public override int GetHashCode() => Articles.Count;
}

public sealed record NewsArticle(string Title, string? Description, string? PicUrl, string? Url);
