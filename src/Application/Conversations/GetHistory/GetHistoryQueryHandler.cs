using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Conversations.GetHistory;

internal sealed class GetHistoryQueryHandler(IConversationStore conversations) : RequestHandlerBase<GetHistoryQuery, HistoryPage>
{
    protected override async Task<HistoryPage> HandleAsync(GetHistoryQuery request, CancellationToken cancellationToken)
    {
        var total = await conversations.CountTurnsAsync(request.OpenId, cancellationToken, request.Search);
        var turns = await conversations.HistoryAsync(request.OpenId, request.Skip, request.Take, cancellationToken, request.Search);
        return new HistoryPage(total, turns.Select(t => new HistoryTurn(t.Question, t.Answer, t.AskedAt, t.AnsweredAt, t.PictureId, t.Drawn)
        {
            ViaApi = t.MessageKey.StartsWith(Domain.Messaging.MessageKey.ApiPrefix, StringComparison.Ordinal),
            MessageKey = t.MessageKey,
            Model = t.Model,
            Tokens = t.PromptTokens + t.CompletionTokens,
            TokensEstimated = t.TokensEstimated,
        }).ToList());
    }
}
