using MediatR;
using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Conversations;

namespace WeChatGpt.Application.Messaging.PruneLedger;

internal sealed class PruneLedgerCommandHandler(IDeliveryLedger ledger, IContinuationStore continuations, IPushStore pushes, TimeProvider clock, ILogger<PruneLedgerCommandHandler> logger)
    : AsyncRequestHandler<PruneLedgerCommand>
{
    protected override async Task Handle(PruneLedgerCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deliveries = await ledger.PruneAsync(now - PruneLedgerCommand.LedgerAge, cancellationToken);
        var rests = await continuations.PruneAsync(now - PruneLedgerCommand.ContinuationAge, cancellationToken);
        var pushed = await pushes.PruneAsync(now - PruneLedgerCommand.ContinuationAge, cancellationToken);
        logger.LogInformation("Pruned {Deliveries} ledger rows, {Continuations} continuations and {Pushes} pushes", deliveries, rests, pushed);
    }
}
