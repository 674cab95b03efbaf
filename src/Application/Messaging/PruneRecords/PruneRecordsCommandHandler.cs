using Microsoft.Extensions.Logging;
using WeChatGpt.Application.Conversations;
using WeChatGpt.Application.Common;

namespace WeChatGpt.Application.Messaging.PruneRecords;

internal sealed class PruneRecordsCommandHandler(IDeliveryLedger ledger, IContinuationStore continuations, IPushStore pushes, IAnswerStreams streams, Admin.IFailureLog failures, TimeProvider clock, ILogger<PruneRecordsCommandHandler> logger)
    : RequestHandlerBase<PruneRecordsCommand>
{
    protected override async Task HandleAsync(PruneRecordsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deliveries = await ledger.PruneAsync(now - PruneRecordsCommand.LedgerAge, cancellationToken);
        var rests = await continuations.PruneAsync(now - PruneRecordsCommand.ContinuationAge, cancellationToken);
        var pushed = await pushes.PruneAsync(now - PruneRecordsCommand.ContinuationAge, cancellationToken);
        // What dead instances shared of their answers: a "继续" may still want it while its ledger row lives.
        var shared = await streams.PruneAsync(now - PruneRecordsCommand.LedgerAge, cancellationToken);
        var failed = await failures.PruneAsync(now - PruneRecordsCommand.FailureAge, cancellationToken);
        logger.LogInformation("Pruned {Deliveries} ledger rows, {Continuations} continuations, {Pushes} pushes, {Shared} shared answers and {Failures} failure records", deliveries, rests, pushed, shared, failed);
    }
}
