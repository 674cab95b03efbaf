using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Moderation;

namespace WeChatGpt.Infrastructure.Moderation;

/// <summary>
/// Keeps the filter's word list current: the configured words, <c>Moderation:WordsFile</c> (re-read when its time
/// or size changes, checked every second) and the admin's words (re-read at once after a change here, and every
/// 30 seconds for changes made by another instance).
/// </summary>
internal sealed class ModerationWordsWatcher(
    ContentFilter filter,
    IServiceScopeFactory scopes,
    IOptionsMonitor<ModerationOptions> options,
    TimeProvider clock,
    ILogger<ModerationWordsWatcher> logger) : BackgroundService, IModerationWordsSource
{
    private static readonly TimeSpan FilePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StorePoll = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string? Path, DateTime Written, long Length)? _file;
    private List<string> _fileWords = [];
    private IReadOnlyList<string> _storeWords = [];
    private IReadOnlyList<string>? _inUse;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _storeWords = await ReadStoreAsync(cancellationToken);
            ReadFileIfChanged(force: true);
            Apply();
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // In place before the first message is taken.
        try
        {
            await ReloadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Banned words not loaded at start: {ErrorType}: {Error}", ex.GetType().Name, ex.Message);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextStoreRead = clock.GetUtcNow() + StorePoll;
        using var timer = new PeriodicTimer(FilePoll, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await _gate.WaitAsync(stoppingToken);
            try
            {
                var changed = ReadFileIfChanged(force: false);
                if (clock.GetUtcNow() >= nextStoreRead)
                {
                    nextStoreRead = clock.GetUtcNow() + StorePoll;
                    var stored = await ReadStoreAsync(stoppingToken);
                    changed |= !stored.SequenceEqual(_storeWords);
                    _storeWords = stored;
                }

                if (changed)
                {
                    Apply();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Banned words not refreshed: {ErrorType}: {Error}", ex.GetType().Name, ex.Message);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task<IReadOnlyList<string>> ReadStoreAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IModerationWordStore>().ListAsync(cancellationToken);
    }

    /// <returns>True when the file's words changed.</returns>
    private bool ReadFileIfChanged(bool force)
    {
        var path = options.CurrentValue.WordsFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            var had = _fileWords.Count > 0;
            _file = null;
            _fileWords = [];
            return had;
        }

        var info = new FileInfo(path);
        var stamp = info.Exists ? (path, info.LastWriteTimeUtc, info.Length) : (path, DateTime.MinValue, -1L);
        if (!force && _file == stamp)
        {
            return false;
        }

        _file = stamp;
        if (!info.Exists)
        {
            logger.LogWarning("Moderation:WordsFile {Path} does not exist: no words from it", path);
            _fileWords = [];
            return true;
        }

        _fileWords = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        return true;
    }

    private void Apply()
    {
        var words = _fileWords.Concat(_storeWords).Distinct(StringComparer.Ordinal).ToList();
        if (_inUse is not null && _inUse.SequenceEqual(words))
        {
            return;
        }

        _inUse = words;
        filter.Use(words);
    }
}
