using Shouldly;
using WeChatGpt.Application.Messaging.PushAnswer;
using WeChatGpt.Application.Voice;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.Infrastructure.Jobs;

namespace WeChatGpt.UnitTests.Jobs;

public sealed class JobRulesTests
{
    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("30 3 * * *")]
    [InlineData("7 * * * *")]
    [InlineData("0 9-18/2 * * MON-FRI")]
    [InlineData("0 0 1,15 * ?")]
    [InlineData("0 0 31 2 *")]
    [InlineData("15 10 * JAN,jul 0")]
    public void StandardCron_IsAccepted(string cron) => CronSchedule.Check(cron).ShouldBeNull();

    [Theory]
    [InlineData("0 */5 * * * ?", "Quartz-style")]
    [InlineData("0 30 3 * * ? 2027", "Quartz-style")]
    [InlineData("*/5 * * *", "has 4 field(s)")]
    [InlineData("", "is required")]
    [InlineData("60 * * * *", "minute field")]
    [InlineData("0 24 * * *", "hour field")]
    [InlineData("0 0 0 * *", "day of month field")]
    [InlineData("0 0 * 13 *", "month field")]
    [InlineData("0 0 * * 8", "day of week field")]
    [InlineData("*/0 * * * *", "minute field")]
    [InlineData("5-1 * * * *", "minute field")]
    [InlineData("? * * * *", "minute field")]
    public void BadCron_IsRefused_SayingWhy(string cron, string problem) =>
        CronSchedule.Check(cron).ShouldNotBeNull().ShouldContain(problem);

    [Fact]
    public void TheValidator_NamesTheKey_OfAQuartzStyleSchedule()
    {
        var result = new JobsOptionsValidator().Validate(new JobsOptions { LedgerPruning = "0 30 3 * * ?" });

        var failure = result.Errors.ShouldHaveSingleItem();
        failure.PropertyName.ShouldBe("LedgerPruning");
        failure.ErrorMessage.ShouldContain("5-field cron");
    }

    [Theory]
    [InlineData(30, 1, 30)]
    [InlineData(30, 2, 60)]
    [InlineData(30, 3, 120)]
    [InlineData(1, 5, 16)]
    [InlineData(3600, 40, 86400)]
    public void RetryDelays_GrowExponentiallyFromTheConfiguredDelay(int delaySeconds, long attempt, int expected) =>
        JobFilters.RetryDelaySeconds(TimeSpan.FromSeconds(delaySeconds), attempt).ShouldBe(expected);

    [Theory]
    [InlineData("GET https://api.weixin.qq.com/cgi-bin/media/get?access_token=ABC123&media_id=x failed", "access_token=***&media_id=x")]
    [InlineData("key sk-live-1234567890abcdef refused", "key sk-*** refused")]
    [InlineData("Authorization: Bearer eyJhbGciOi.x.y", "Authorization: Bearer ***")]
    [InlineData("appsecret=s3cr3t", "appsecret=***")]
    public void FailureMessages_LoseTheirSecrets(string message, string expected)
    {
        var scrubbed = JobFailureScrubber.Scrub(message);

        scrubbed.ShouldContain(expected);
        scrubbed.ShouldNotContain("ABC123");
        scrubbed.ShouldNotContain("1234567890abcdef");
        scrubbed.ShouldNotContain("eyJhbGciOi");
        scrubbed.ShouldNotContain("s3cr3t");
    }

    [Fact]
    public void Jobs_HaveReadableNames() =>
        (MediatorJobRunner.NameOf(typeof(CleanUpVoiceFilesCommand)), MediatorJobRunner.NameOf(typeof(PushAnswerCommand)))
            .ShouldBe(("Voice files cleanup", "Customer-service push"));

    [Theory]
    [InlineData(typeof(CleanUpVoiceFilesCommand), true)]
    [InlineData(typeof(PushAnswerCommand), true)]
    [InlineData(typeof(FileInfo), false)]
    [InlineData(typeof(SpeechOptions), false)]
    [InlineData(typeof(MediatR.IRequest), false)]
    public void OnlyApplicationCommands_CanRunAsJobs(Type type, bool runnable) =>
        MediatorJobRunner.IsRunnable(type).ShouldBe(runnable);
}
