using System.Collections.Concurrent;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>The answers in flight in this process, by message key: each question's own, and the "继续" holding one.</summary>
internal sealed class InProcessAnswers(TimeProvider clock) : IAnswers
{
    private readonly ConcurrentDictionary<MessageKey, Answer> _answers = new();

    /// <summary>The "继续" keys holding each answer (by reference), so that its end forgets them without a scan.</summary>
    private readonly ConcurrentDictionary<Answer, ConcurrentQueue<MessageKey>> _holds = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each follower's latest question in flight.</summary>
    private readonly ConcurrentDictionary<string, Answer> _latest = new(StringComparer.Ordinal);

    public Answer Start(MessageKey key, string openId, string question)
    {
        var answer = new Answer(key, openId, question, clock.GetUtcNow(), Forget);
        _answers[key] = answer;
        _latest[openId] = answer;
        return answer;
    }

    public Answer? Latest(string openId) => _latest.TryGetValue(openId, out var answer) ? answer : null;

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
        _holds.GetOrAdd(answer, _ => new ConcurrentQueue<MessageKey>()).Enqueue(continuation);
        if (answer.Ended.IsCompleted)
        {
            // Ended before the hold was registered: its forgetting may have missed this one.
            Forget(answer);
        }
    }

    /// <summary>
    /// An ended answer is found no more: by its own key, nor by the "继续"s that held it. By key, not by a scan of
    /// every answer in flight: a crowd's answers end by the thousand, and a scan each made that quadratic.
    /// </summary>
    private void Forget(Answer answer)
    {
        _answers.TryRemove(new KeyValuePair<MessageKey, Answer>(answer.Key, answer));
        _latest.TryRemove(new KeyValuePair<string, Answer>(answer.OpenId, answer));
        if (_holds.TryRemove(answer, out var holders))
        {
            foreach (var continuation in holders)
            {
                _answers.TryRemove(new KeyValuePair<MessageKey, Answer>(continuation, answer));
            }
        }
    }
}
