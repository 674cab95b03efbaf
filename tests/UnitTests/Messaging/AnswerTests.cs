using Shouldly;
using WeChatGpt.Application.Messaging;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;
using WeChatGpt.Infrastructure.Messaging;

namespace WeChatGpt.UnitTests.Messaging;

/// <summary>The answer in flight: cuts, the finish, and how they meet under concurrency.</summary>
public sealed class AnswerTests
{
    private static readonly MessageKey Question = MessageKey.ForMessage(1);
    private static readonly MessageKey Continue = MessageKey.ForMessage(2);

    private readonly InProcessAnswers _answers = new(TimeProvider.System);

    [Fact]
    public async Task Cuts_HandOutOnlyNewText_AndTheFinishKnowsWhatWasDelivered()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("第一句。第二");

        var cut = answer.Cut(Question, text => text.IndexOf('。', StringComparison.Ordinal) + 1);
        answer.Append("句。");
        var next = answer.Cut(Continue, text => text.Length);
        var finished = await FinishAsync(answer);

        cut.ShouldBe(new AnswerCut.Partial("第一句。"));
        next.ShouldBe(new AnswerCut.Partial("第二句。"));
        finished.Delivered.ShouldBe(8);
        finished.Text.ShouldBe("第一句。第二句。");
        finished.Unread.ShouldBeEmpty();
        answer.Cut(MessageKey.ForMessage(3), t => t.Length).ShouldBe(AnswerCut.Finishing.Instance);
    }

    [Fact]
    public void ACutIsIdempotentPerRequester_EvenAfterTheAnswerClosed()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("abc");

        var first = answer.Cut(Question, t => t.Length);
        answer.Append("def");
        var again = answer.Cut(Question, t => t.Length);
        answer.End();

        again.ShouldBe(first);
        answer.Cut(Question, t => t.Length).ShouldBe(first);
    }

    [Fact]
    public async Task ARestartDiscardsTheTextAndWhatWasCut()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("旧的开头");
        answer.Cut(Question, t => t.Length);

        answer.Restart();
        answer.Append("新答案");

        var finished = await FinishAsync(answer);
        (finished.Text, finished.Delivered).ShouldBe(("新答案", 0));
    }

    [Fact]
    public void WhileAVoiceIsMade_TheQuestionsOwnDeliveryGetsTheTextVersion_AndAContinueWaits()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("全文");

        answer.TextComplete(Reply.Text("全文（语音稍后）"), "其余");

        answer.IsStreaming.ShouldBeFalse();
        answer.Cut(Question, t => t.Length).ShouldBe(new AnswerCut.Fallback(Reply.Text("全文（语音稍后）"), "其余"));
        answer.Cut(Continue, t => t.Length).ShouldBe(AnswerCut.Finishing.Instance);
    }

    [Fact]
    public async Task TheFinish_SettlesOnce_KnowsItsIntendedReply_AndEnds()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("答案");
        var settle = new TaskCompletionSource<Settled>();

        var finishing = answer.FinishAsync(f => new Settlement(f.Key, Reply.Text(f.Text), ReplyOutcome.Answered, DateTimeOffset.UnixEpoch), _ => settle.Task);

        answer.Intended.ShouldBe(Reply.Text("答案"));
        answer.IsClosed.ShouldBeTrue();
        answer.Settled.IsCompleted.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => FinishAsync(answer));
        settle.SetResult(new Settled(Reply.Text("答案"), Won: true, Kept: null));
        (await finishing).Won.ShouldBeTrue();
        (await answer.Settled).ShouldBe(Reply.Text("答案"));

        answer.End();
        answer.Ended.IsCompleted.ShouldBeTrue();
        _answers.Find(Question).ShouldBeNull();
    }

    [Fact]
    public void AContinueHoldingAnAnswer_FindsItUntilItEnds()
    {
        var answer = _answers.Start(Question, "o", "问题");
        _answers.Hold(Continue, answer);

        _answers.Find(Continue).ShouldBeSameAs(answer);
        answer.End();

        _answers.Find(Continue).ShouldBeNull();
        _answers.Find(Question).ShouldBeNull();

        // Held after it ended: not found either.
        _answers.Hold(MessageKey.ForMessage(9), answer);
        _answers.Find(MessageKey.ForMessage(9)).ShouldBeNull();
    }

    [Fact]
    public void AnAnswerThatEnds_ForgetsEveryContinueHoldingIt_ButNotTheAnswerThatReplacedItUnderItsKey()
    {
        var first = _answers.Start(Question, "o", "问题");
        var other = _answers.Start(MessageKey.ForMessage(7), "p", "别的问题");
        _answers.Hold(Continue, first);
        _answers.Hold(MessageKey.ForMessage(8), first);
        var again = _answers.Start(Question, "o", "问题");

        first.End();

        _answers.Find(Continue).ShouldBeNull();
        _answers.Find(MessageKey.ForMessage(8)).ShouldBeNull();
        _answers.Find(Question).ShouldBeSameAs(again);
        _answers.Find(MessageKey.ForMessage(7)).ShouldBeSameAs(other);
        _answers.Own().ShouldBe([other, again], ignoreOrder: true);
        _answers.Latest("o").ShouldBeSameAs(again);

        again.End();
        _answers.Latest("o").ShouldBeNull();
        _answers.Latest("p").ShouldBeSameAs(other);
    }

    [Fact]
    public async Task ManyRequestersCuttingWhileItStreams_GetDisjointPiecesInOrder_ThatTheFinishAccountsFor()
    {
        for (var round = 0; round < 200; round++)
        {
            var answer = _answers.Start(Question, "o", "问题");
            var writer = Task.Run(
                () =>
                {
                    for (var i = 0; i < 500; i++)
                    {
                        answer.Append(((char)('a' + (i % 26))).ToString());
                    }
                },
                TestContext.Current.CancellationToken);
            var cutters = Enumerable.Range(0, 8).Select(r => Task.Run(
                () =>
            {
                var cuts = new List<string>();
                for (var i = 0; i < 20; i++)
                {
                    if (answer.Cut(MessageKey.ForMessage(1000 + (r * 100) + i), t => t.Length / 2) is AnswerCut.Partial partial)
                    {
                        cuts.Add(partial.Text);
                    }
                }

                return cuts;
            },
                TestContext.Current.CancellationToken)).ToArray();
            await writer;
            var handedOut = (await Task.WhenAll(cutters)).SelectMany(c => c).Sum(c => c.Length);
            var finished = await FinishAsync(answer);

            finished.Text.Length.ShouldBe(500);
            finished.Delivered.ShouldBe(handedOut, $"round {round}");
            answer.End();
        }
    }

    [Fact]
    public async Task AFinishRacingACut_EitherTheCutGetsTextTheFinishKeepsBack_OrTheCutIsTurnedAway()
    {
        for (var round = 0; round < 500; round++)
        {
            var answer = _answers.Start(Question, "o", "问题");
            answer.Append("一些已经写好的文字。");
            var start = new ManualResetEventSlim();
            var cutting = Task.Run(
                () =>
                {
                    start.Wait();
                    return answer.Cut(Question, t => t.Length);
                },
                TestContext.Current.CancellationToken);
            var finishing = Task.Run(
                async () =>
                {
                    start.Wait();
                    return await FinishAsync(answer);
                },
                TestContext.Current.CancellationToken);
            start.Set();
            var cut = await cutting;
            var finished = await finishing;

            if (cut is AnswerCut.Partial partial)
            {
                finished.Delivered.ShouldBe(partial.Text.Length, $"round {round}");
            }
            else
            {
                cut.ShouldBe(AnswerCut.Finishing.Instance);
                finished.Delivered.ShouldBe(0, $"round {round}");
            }

            answer.End();
        }
    }

    [Fact]
    public async Task WhatIsShared_IsReportedOnlyWhenItChanged_AndACutElsewhereCountsAsHandedOut()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Progress(published: null).ShouldBeNull("nothing streamed yet: nothing to share");
        answer.Append("第一句。第二");
        var shared = answer.Progress(published: null);
        answer.Progress(shared).ShouldBeNull("nothing new since it was shared");
        answer.Append("句。");
        var grown = answer.Progress(shared);

        var finished = await FinishAsync(answer, new RemoteCut(grown!.Generation, 4, "第一句。", "o", "问题"));

        shared.ShouldBe(new StreamedText(Question, "o", "问题", 0, "第一句。第二"));
        grown.Text.ShouldBe("第一句。第二句。");
        (finished.WasCut, finished.Delivered, finished.Unread).ShouldBe((true, 4, "第二句。"));
        answer.Progress(published: null).ShouldBeNull("a closed answer is shared no more");
    }

    [Fact]
    public async Task ACutElsewhereFromTextTheModelStartedOverFrom_StillMeansTheFollowerSawACut_ButNothingOfThisText()
    {
        var answer = _answers.Start(Question, "o", "问题");
        answer.Append("旧的开头");
        var old = answer.Progress(published: null)!;
        answer.Restart();
        answer.Append("新答案");
        answer.Progress(old).ShouldBe(new StreamedText(Question, "o", "问题", old.Generation + 1, "新答案"), "another start of the model");

        var finished = await FinishAsync(answer, new RemoteCut(old.Generation, 4, "旧的开头", "o", "问题"));

        (finished.WasCut, finished.Delivered, finished.Unread).ShouldBe((true, 0, "新答案"));
    }

    private static async Task<FinishedAnswer> FinishAsync(Answer answer, RemoteCut? remote = null)
    {
        FinishedAnswer? seen = null;
        await answer.FinishAsync(
            f =>
            {
                seen = f;
                return new Settlement(f.Key, Reply.Text(f.Text), ReplyOutcome.Answered, DateTimeOffset.UnixEpoch);
            },
            s => Task.FromResult(new Settled(s.Reply, Won: true, Kept: null)),
            remote);
        return seen!;
    }
}
