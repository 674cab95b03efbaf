using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Messaging.PruneRecords;

/// <summary>
/// Forgets old records (a recurring job, id <c>ledger-pruning</c>): delivery-ledger rows older than
/// <see cref="LedgerAge"/> (WeChat redelivers within seconds), and continuations and customer-service pushes
/// untouched for <see cref="ContinuationAge"/>.
/// </summary>
[DisplayName("Old records pruning")]
public sealed record PruneRecordsCommand : IRequest
{
    public static readonly TimeSpan LedgerAge = TimeSpan.FromDays(3);

    public static readonly TimeSpan ContinuationAge = TimeSpan.FromDays(7);

    /// <summary>Failure records are the owner's: kept for 90 days (the console's trends show 30).</summary>
    public static readonly TimeSpan FailureAge = TimeSpan.FromDays(90);
}
