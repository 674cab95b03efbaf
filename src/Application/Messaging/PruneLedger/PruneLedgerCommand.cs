using System.ComponentModel;
using MediatR;

namespace WeChatGpt.Application.Messaging.PruneLedger;

/// <summary>
/// Forgets delivery-ledger rows older than <see cref="LedgerAge"/> (WeChat redelivers within seconds) and
/// continuations nobody asked for within <see cref="ContinuationAge"/> (a recurring job).
/// </summary>
[DisplayName("Ledger pruning")]
public sealed record PruneLedgerCommand : IRequest
{
    public static readonly TimeSpan LedgerAge = TimeSpan.FromDays(3);

    public static readonly TimeSpan ContinuationAge = TimeSpan.FromDays(7);
}
