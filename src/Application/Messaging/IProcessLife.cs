namespace WeChatGpt.Application.Messaging;

/// <summary>
/// This process's life: every delivery row names the life that owns its work, so that a redelivery after a
/// restart (or on another instance) knows whether that work still runs somewhere or was lost.
/// </summary>
public interface IProcessLife
{
    /// <summary>This life's id, unique per process start.</summary>
    string Id { get; }

    /// <summary>Whether the life that owns a delivery still runs (null: a row from before lives were recorded).</summary>
    ValueTask<bool> IsAliveAsync(string? lifeId, CancellationToken cancellationToken);
}
