using Quartz;
using Shouldly;
using WeChatGpt.Application.Voice.CleanUpVoiceFiles;
using WeChatGpt.Infrastructure.Jobs;

namespace WeChatGpt.UnitTests.Voice;

public sealed class MediatorJobTests
{
    [Fact]
    public void ACommand_RoundTripsThroughJobData()
    {
        var (type, json) = MediatorJob.Serialize(new CleanUpVoiceFilesCommand());

        MediatorJob.Deserialize(type, json).ShouldBeOfType<CleanUpVoiceFilesCommand>();
    }

    [Theory]
    [InlineData("System.IO.FileInfo")]
    [InlineData("WeChatGpt.Application.Voice.SpeechOptions")]
    [InlineData("")]
    [InlineData(null)]
    public void JobData_NamingAnythingButAnApplicationCommand_IsRefused(string? type) =>
        Should.Throw<JobExecutionException>(() => MediatorJob.Deserialize(type, "{}"));
}
