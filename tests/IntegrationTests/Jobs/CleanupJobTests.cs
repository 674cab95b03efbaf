using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Domain.Voice;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Jobs;

/// <summary>The cleanup jobs, run by the scheduler, delete exactly what they should and nothing else.</summary>
public sealed class CleanupJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VoiceFilesCleanup_DeletesOnlyVoiceFilesOlderThanTheTtl()
    {
        await using var factory = new WeChatGptFactory().With("Speech:TempFileTtl", "00:10:00");
        _ = factory.Server;
        var folder = Directory.CreateDirectory(factory.TempAudioDirectory).FullName;
        var now = DateTime.UtcNow;
        var old = Touch(Path.Combine(folder, "voice-old.mp3"), now.AddMinutes(-20));
        var oldAmr = Touch(Path.Combine(folder, "voice-old.amr"), now.AddMinutes(-11));
        var fresh = Touch(Path.Combine(folder, "voice-fresh.mp3"), now.AddMinutes(-2));
        var foreign = Touch(Path.Combine(folder, "notes-old.txt"), now.AddHours(-5));
        var nested = Touch(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "keep")).FullName, "voice-old.mp3"), now.AddHours(-5));

        var job = await factory.TriggerAsync("voice-files-cleanup", Ct);
        (await factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");

        File.Exists(old).ShouldBeFalse();
        File.Exists(oldAmr).ShouldBeFalse();
        File.Exists(fresh).ShouldBeTrue();
        File.Exists(foreign).ShouldBeTrue();
        File.Exists(nested).ShouldBeTrue();
    }

    [Fact]
    public async Task MediaBookkeeping_DeletesDeliveredPermanentMaterialAfterGrace_AndForgetsExpiredTemporaryMedia()
    {
        await using var factory = new WeChatGptFactory().With("Speech:MaterialGrace", "01:00:00");
        _ = factory.Server;
        var now = DateTimeOffset.UtcNow;
        var dueForDeletion = Permanent("perm-due", deliveredAgo: TimeSpan.FromHours(2), now);
        var withinGrace = Permanent("perm-recent", deliveredAgo: TimeSpan.FromMinutes(10), now);
        var neverDelivered = Permanent("perm-undelivered", deliveredAgo: null, now);
        var alreadyDeleted = Permanent("perm-gone", deliveredAgo: TimeSpan.FromDays(2), now);
        alreadyDeleted.Deleted(now.AddDays(-1));
        var expired = new MediaRecord("temp-expired", MediaKind.Temporary, "voice", "o", 100, null, now.AddDays(-4));
        var live = new MediaRecord("temp-live", MediaKind.Temporary, "voice", "o", 100, null, now.AddDays(-1));
        await SeedAsync(factory, dueForDeletion, withinGrace, neverDelivered, alreadyDeleted, expired, live);

        var job = await factory.TriggerAsync("media-bookkeeping", Ct);
        (await factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(20)))[^1].StateName.ShouldBe("Succeeded");

        factory.WeChatApi.DeletedMaterial.ShouldBe(["perm-due"]);
        var records = await RecordsAsync(factory);
        records["perm-due"].DeletedAt.ShouldNotBeNull();
        records["perm-recent"].DeletedAt.ShouldBeNull();
        records["perm-undelivered"].DeletedAt.ShouldBeNull();
        records.ShouldNotContainKey("temp-expired");
        records.ShouldContainKey("temp-live");
    }

    [Fact]
    public async Task AFailingJob_IsRetriedWithBackoff_AndEveryAttemptIsRecorded()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:RetryDelay", "00:00:01").With("Speech:MaterialGrace", "00:00:00");
        _ = factory.Server;
        var attempts = 0;
        factory.WeChatApi.DeleteResult = id => Interlocked.Increment(ref attempts) == 1 ? -1 : 0;
        await SeedAsync(factory, Permanent("perm-flaky", deliveredAgo: TimeSpan.FromHours(1), DateTimeOffset.UtcNow));

        var job = await factory.TriggerAsync("media-bookkeeping", Ct);
        var history = await factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(30));

        history[^1].StateName.ShouldBe("Succeeded");
        var retry = history.Single(h => h.StateName == "Scheduled");
        retry.Reason.ShouldStartWith("Retry attempt 1 of 3:");
        retry.Reason.ShouldContain("material deletion(s)");
        var runs = history.Where(h => h.StateName == "Processing").ToList();
        runs.Count.ShouldBe(2);
        (runs[1].CreatedAt - runs[0].CreatedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        factory.WeChatApi.DeletedMaterial.ShouldBe(["perm-flaky"]);
    }

    [Fact]
    public async Task AJobThatKeepsFailing_IsRetriedWithExponentialBackoff_AndEndsFailed_WithItsErrorButNoStackTrace()
    {
        await using var factory = new WeChatGptFactory().With("Jobs:RetryAttempts", "2").With("Jobs:RetryDelay", "00:00:01").With("Speech:MaterialGrace", "00:00:00");
        _ = factory.Server;
        factory.WeChatApi.DeleteResult = _ => -1;
        await SeedAsync(factory, Permanent("perm-broken", deliveredAgo: TimeSpan.FromHours(1), DateTimeOffset.UtcNow));

        var job = await factory.TriggerAsync("media-bookkeeping", Ct);
        var history = await factory.WaitForFinalStateAsync(job, TimeSpan.FromSeconds(40));

        var failed = history[^1];
        failed.StateName.ShouldBe("Failed");
        failed.Data["ExceptionMessage"].ShouldContain("material deletion(s) failed");
        failed.Data["ExceptionDetails"].ShouldNotContain(" at ");
        var runs = history.Where(h => h.StateName == "Processing").Select(h => h.CreatedAt).ToList();
        runs.Count.ShouldBe(3);
        (runs[1] - runs[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (runs[2] - runs[1]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        history.Where(h => h.StateName == "Scheduled").Select(h => h.Reason![..20]).ShouldBe(["Retry attempt 1 of 2", "Retry attempt 2 of 2"]);
    }

    private static string Touch(string path, DateTime lastWriteUtc)
    {
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
    }

    private static MediaRecord Permanent(string mediaId, TimeSpan? deliveredAgo, DateTimeOffset now)
    {
        var record = new MediaRecord(mediaId, MediaKind.Permanent, "voice", "o", 100, null, now.AddDays(-3));
        if (deliveredAgo is { } ago)
        {
            record.Delivered(now - ago);
        }

        return record;
    }

    private static async Task SeedAsync(WeChatGptFactory factory, params MediaRecord[] records)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.MediaRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Dictionary<string, MediaRecord>> RecordsAsync(WeChatGptFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().MediaRecords.ToDictionary(r => r.MediaId);
    }
}
