using Microsoft.Extensions.Options;
using WeChatGpt.Application.Common;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Messaging.Replies;

namespace WeChatGpt.Application.Messaging.ContinueAnswer;

internal sealed class ContinueAnswerCommandHandler(ContinueService continues, ReplySettler settler, IOptionsMonitor<TextsOptions> texts, TimeProvider clock)
    : RequestHandlerBase<ContinueAnswerCommand>
{
    protected override async Task HandleAsync(ContinueAnswerCommand request, CancellationToken cancellationToken)
    {
        try
        {
            await continues.ContinueAsync(request.OpenId, request.Key, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while waiting for the answer it holds: that answer keeps its rest for the next "继续".
            await settler.SettleAsync(new Settlement(request.Key, Reply.Text(texts.CurrentValue.Interrupted), ReplyOutcome.Interrupted, clock.GetUtcNow()), CancellationToken.None);
        }
    }
}
