using WeChatGpt.Application.Messaging;

namespace WeChatGpt.Infrastructure.Messaging;

/// <summary>
/// The life of the one process that uses a SQLite database: a new id at every start, and every other life is
/// gone (work owned by an earlier start was lost with it).
/// </summary>
internal sealed class SingleProcessLife : IProcessLife
{
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public ValueTask<bool> IsAliveAsync(string? lifeId, CancellationToken cancellationToken) => ValueTask.FromResult(lifeId == Id);
}
