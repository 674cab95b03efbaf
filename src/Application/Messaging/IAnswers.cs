using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Application.Messaging;

/// <summary>The answers in flight in this process, by the messages that may cut from them.</summary>
public interface IAnswers
{
    /// <summary>Registers the answer of a question's first delivery, now (its work starts next).</summary>
    Answer Start(MessageKey key, string openId, string question);

    /// <summary>The answer a message's deliveries cut from: its own, or the running answer its "继续" holds.</summary>
    Answer? Find(MessageKey key);

    /// <summary>A "继续" holds a running answer: until that answer ends, the continuation's deliveries cut from it.</summary>
    void Hold(MessageKey continuation, Answer answer);

    /// <summary>The follower's latest question still being answered here, or null.</summary>
    Answer? Latest(string openId);
}
