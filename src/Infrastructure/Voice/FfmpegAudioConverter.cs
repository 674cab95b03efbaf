using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.Infrastructure.Voice;

/// <summary>
/// Audio conversion with the <c>ffmpeg</c> executable (Debian package <c>ffmpeg</c>). Probed once at start-up:
/// when it is missing that is said once, and voice input then gets a polite "please type".
/// </summary>
internal sealed class FfmpegAudioConverter(ITempAudioFiles files, IOptionsMonitor<SpeechOptions> options, ILogger<FfmpegAudioConverter> logger)
    : IAudioConverter, IHostedService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private volatile bool _available;

    public bool IsAvailable => _available;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (code, _) = await RunAsync(["-hide_banner", "-version"], TimeSpan.FromSeconds(10), cancellationToken);
            _available = code == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            _available = false;
        }

        if (!_available)
        {
            logger.LogWarning("ffmpeg was not found ({Path}): voice messages without WeChat's recognition cannot be transcribed (install the ffmpeg package)", options.CurrentValue.FfmpegPath);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<byte[]> ToWav16kMonoAsync(byte[] audio, string format, CancellationToken cancellationToken) =>
        ConvertAsync(audio, "." + format, ".wav", ["-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"], cancellationToken);

    public Task<byte[]> TrimMp3Async(byte[] mp3, TimeSpan maxDuration, CancellationToken cancellationToken) =>
        ConvertAsync(mp3, ".mp3", ".mp3", ["-t", maxDuration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-c", "copy", "-f", "mp3"], cancellationToken);

    private async Task<byte[]> ConvertAsync(byte[] input, string inputExtension, string outputExtension, string[] outputArguments, CancellationToken cancellationToken)
    {
        if (!_available)
        {
            throw new InvalidOperationException("ffmpeg is not available.");
        }

        var source = await files.SaveAsync(input, inputExtension, cancellationToken);
        var target = Path.ChangeExtension(source, ".out" + outputExtension);
        try
        {
            var (code, error) = await RunAsync(["-hide_banner", "-loglevel", "error", "-y", "-i", source, .. outputArguments, target], Limit, cancellationToken);
            if (code != 0 || !File.Exists(target))
            {
                throw new SpeechException($"ffmpeg failed ({code}): {error.Trim()[..Math.Min(200, error.Trim().Length)]}");
            }

            return await File.ReadAllBytesAsync(target, cancellationToken);
        }
        finally
        {
            File.Delete(target);
        }
    }

    private async Task<(int ExitCode, string Error)> RunAsync(IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.CurrentValue.FfmpegPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ffmpeg took too long.");
        }

        await output;
        return (process.ExitCode, await error);
    }
}
