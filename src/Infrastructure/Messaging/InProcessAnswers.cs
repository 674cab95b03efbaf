using System.Collections.Concurrent;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>The answers in flight in this process, by message key: each question's own, and the "继续" holding one.</summary>
internal sealed class InProcessAnswers(TimeProvider clock) : IAnswers
{
    private readonly ConcurrentDictionary<MessageKey, Answer> _answers = new();

    public Answer Start(MessageKey key, string openId, string question)
    {
        var answer = new Answer(key, openId, question, clock.GetUtcNow(), Forget);
        _answers[key] = answer;
        return answer;
    }

    public Answer? Find(MessageKey key) => _answers.TryGetValue(key, out var answer) ? answer : null;

    /// <summary>The answers of questions asked here (not the "继续" holding them).</summary>
    public IEnumerable<Answer> Own()
    {
        foreach (var entry in _answers)
        {
            if (entry.Key == entry.Value.Key)
            {
                yield return entry.Value;
            }
        }
    }

    public void Hold(MessageKey continuation, Answer answer)
    {
        _answers[continuation] = answer;
        if (answer.Ended.IsCompleted)
        {
            // Ended before the hold was registered: nobody would forget it.
            _answers.TryRemove(new KeyValuePair<MessageKey, Answer>(continuation, answer));
        }
    }

    /// <summary>An ended answer is found no more: by its own key, nor by the "继续" that held it.</summary>
    private void Forget(Answer answer)
    {
        foreach (var entry in _answers)
        {
            if (ReferenceEquals(entry.Value, answer))
            {
                _answers.TryRemove(entry);
            }
        }
    }
}
