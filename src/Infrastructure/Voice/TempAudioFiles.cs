using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeChatGpt.Application.Voice;

namespace WeChatGpt.Infrastructure.Voice;

/// <summary>Audio kept briefly on disk under <c>Speech:TempDirectory</c>, named <c>voice-*</c>; the cleanup job removes only those.</summary>
internal sealed class TempAudioFiles(IOptionsMonitor<SpeechOptions> options, IHostEnvironment environment) : ITempAudioFiles
{
    public const string Prefix = "voice-";

    public string Directory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.TempDirectory));

    public async Task<string> SaveAsync(byte[] audio, string extension, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{Prefix}{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, audio, cancellationToken);
        return path;
    }

    public int DeleteOlderThan(DateTimeOffset cutoff)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*", SearchOption.TopDirectoryOnly))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
            {
                try
                {
                    File.Delete(file);
                    deleted++;
                }
                catch (IOException)
                {
                    // In use: the next run takes it.
                }
            }
        }

        return deleted;
    }
}
