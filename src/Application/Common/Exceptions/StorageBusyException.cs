namespace WeChatGpt.Application.Common.Exceptions;

/// <summary>
/// A write could not run before its caller's deadline: the database stayed busy or locked (another process held
/// its write lock). Nothing of it was written.
/// </summary>
public sealed class StorageBusyException(TimeSpan waited) : Exception($"The database stayed busy or locked for {waited.TotalSeconds:0.0} s.")
{
    public TimeSpan Waited { get; } = waited;
}
