using WeChatGpt.Application.Conversations.Continue;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.Work;

/// <summary>
/// The work of a "继续" message: the next part of the follower's unfinished answer, waiting for it when
/// it is still being generated (meanwhile the reply window can hand out newly streamed text).
/// </summary>
public sealed class ContinueWork(ContinueService continues, IReplyCoordinator coordinator, IDeliveryLedger ledger, ReplyFixer fixer)
{
    public async Task RunAsync(MessageKey key, string openId, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await continues.NextAsync(openId, key, cancellationToken);
            if (outcome is ContinueOutcome.Generating generating)
            {
                coordinator.Follow(key, generating.Source);
                await coordinator.WaitForEndAsync(generating.Source, cancellationToken);
                if (await ledger.FindAsync(key, CancellationToken.None) is { Reply: not null })
                {
                    // The reply window handed out streamed text for this message meanwhile.
                    return;
                }

                outcome = await continues.NextAsync(openId, key, cancellationToken);
            }

            if (outcome is not ContinueOutcome.Part part)
            {
                return;
            }

            var reply = Reply.Text(part.Text);
            if (await fixer.FixAsync(key, reply, part.Continuation is null ? ReplyOutcome.Fixed : ReplyOutcome.Continued) != reply)
            {
                // The reply window answered this "继续" otherwise meanwhile: the part stays for the next one.
                await continues.RevertAsync(part);
            }
        }
        finally
        {
            coordinator.End(key);
        }
    }
}
