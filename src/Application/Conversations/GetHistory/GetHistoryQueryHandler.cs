using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Conversations.GetHistory;

internal sealed class GetHistoryQueryHandler(IConversationStore conversations) : RequestHandlerBase<GetHistoryQuery, HistoryPage>
{
    protected override async Task<HistoryPage> HandleAsync(GetHistoryQuery request, CancellationToken cancellationToken)
    {
        var total = await conversations.CountTurnsAsync(request.OpenId, cancellationToken);
        var turns = await conversations.HistoryAsync(request.OpenId, request.Skip, request.Take, cancellationToken);
        return new HistoryPage(total, turns.Select(t => new HistoryTurn(t.Question, t.Answer, t.AskedAt, t.AnsweredAt, t.PictureId, t.Drawn)).ToList());
    }
}
