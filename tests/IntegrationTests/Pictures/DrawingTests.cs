using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Domain.Pictures;
using WeChatGpt.Domain.Voice;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Pictures;

/// <summary>"画 …": drawn by /images/generations, uploaded as temporary image media, sent as an image reply.</summary>
public sealed class DrawingTests(DrawingTests.Scenario factory) : IClassFixture<DrawingTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Images:Enabled", "true").With("Images:Model", "fake-image-model").With("Images:Size", "1024x1024").With("Moderation:Words:0", "禁画词");
    }

    private static readonly TextsOptions Texts = new();

    [Fact]
    public async Task AQuickDrawing_IsTheImageReplyOfTheFirstDelivery()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => new ImageScript { Latency = TimeSpan.FromSeconds(2) };
        var chatBefore = factory.Model.Requests.Count;

        var outcome = await factory.Deliver(Messages.Text(openId, $"画 一只猫 {openId}"));

        outcome.Delivery.ShouldBe(1);
        outcome.Reply!["MsgType"].ShouldBe("image");
        factory.WeChatApi.Uploads.Single(u => u.MediaId == outcome.ImageMediaId).ShouldSatisfyAllConditions(
            u => u.Type.ShouldBe("image"),
            u => u.Kind.ShouldBe("temporary"),
            u => u.Content.ShouldBe(FakeOpenAiServer.DefaultImage, "a PNG within WeChat's limits is uploaded as drawn"));
        factory.Model.ImageRequests.ShouldContain(("fake-image-model", $"一只猫 {openId}", "1024x1024"));
        factory.Model.Requests.Count.ShouldBe(chatBefore, "a drawing asks no chat model");

        var turn = Turns(openId).ShouldHaveSingleItem();
        turn.Drawn.ShouldBeTrue();
        turn.Question.ShouldBe($"画 一只猫 {openId}");
        var picture = Pictures(openId).ShouldHaveSingleItem();
        picture.Direction.ShouldBe(PictureDirection.Out);
        picture.MediaId.ShouldBe(outcome.ImageMediaId);
        turn.PictureId.ShouldBe(picture.Id);
        Media(openId).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.MediaType.ShouldBe("image"),
            m => m.Kind.ShouldBe(MediaKind.Temporary));
    }

    [Fact]
    public async Task ASlowDrawing_SaysItIsBeingDrawn_AndContinueFetchesTheImage()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => new ImageScript { Latency = TimeSpan.FromSeconds(20) };

        var outcome = await factory.Deliver(Messages.Text(openId, $"画图：海边的日落 {openId}"));
        outcome.Delivery.ShouldBe(3);
        outcome.Content.ShouldBe(Texts.Drawing);
        await factory.AdvanceUntilAsync(() => Pictures(openId).Any(p => p.MediaId is not null));

        var fetched = await factory.Deliver(Messages.Text(openId, "继续"));
        var again = await factory.Deliver(Messages.Text(openId, "继续"));

        fetched.Reply!["MsgType"].ShouldBe("image");
        fetched.ImageMediaId.ShouldBe(Pictures(openId).Single().MediaId);
        factory.Model.ImageRequests.Count(r => r.Prompt == $"海边的日落 {openId}").ShouldBe(1);
        again.Content.ShouldBe(Texts.NothingToContinue);
    }

    [Fact]
    public async Task AUrlResult_IsFetchedFromTheEndpoint_AndSent()
    {
        var openId = WindowScenario.NewOpenId();
        var drawn = TestImages.Jpeg(300, 200);
        factory.Model.Images = p => new ImageScript { Format = "url", Image = drawn };

        var outcome = await factory.Deliver(Messages.Text(openId, $"/draw a red fox {openId}"));

        outcome.Reply!["MsgType"].ShouldBe("image");
        factory.WeChatApi.Uploads.Single(u => u.MediaId == outcome.ImageMediaId).Content.ShouldBe(drawn);
        Turns(openId).Single().Answer.ShouldContain("修订：", customMessage: "the revised prompt the endpoint gave is kept as the turn's answer");
    }

    [Fact]
    public async Task AnImageWeChatWouldRefuse_IsReEncoded_BeforeTheUpload()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => new ImageScript { Image = TestImages.Webp(400, 300) };

        var outcome = await factory.Deliver(Messages.Text(openId, $"画 webp {openId}"));

        outcome.Reply!["MsgType"].ShouldBe("image");
        var uploaded = factory.WeChatApi.Uploads.Single(u => u.MediaId == outcome.ImageMediaId);
        Application.Pictures.PictureFormat.Sniff(uploaded.Content).ShouldBe("image/jpeg");
        TestImages.SizeOf(uploaded.Content).ShouldBe((400, 300));
    }

    [Fact]
    public async Task AFailedDrawing_GetsTheApology_AndNothingIsKept()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => new ImageScript { Status = 400 };
        var uploads = factory.WeChatApi.Uploads.Count;

        var outcome = await factory.Deliver(Messages.Text(openId, $"画 不可以画的东西 {openId}"));

        outcome.Content.ShouldBe(Texts.DrawFailed);
        Turns(openId).ShouldBeEmpty();
        Pictures(openId).ShouldBeEmpty();
        factory.WeChatApi.Uploads.Count.ShouldBe(uploads);
    }

    [Fact]
    public async Task OneDrawingAtATime_ASecondWhileTheFirstIsDrawn_IsAskedToWait()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => p.StartsWith('慢') ? new ImageScript { Latency = TimeSpan.FromSeconds(40) } : new ImageScript();

        var first = await factory.Deliver(Messages.Text(openId, $"画 慢慢画 {openId}"));
        var second = await factory.Deliver(Messages.Text(openId, $"画 快画 {openId}"));

        first.Content.ShouldBe(Texts.Drawing);
        second.Content.ShouldBe(Texts.Busy);
        factory.Model.ImageRequests.Count(r => r.Prompt == $"快画 {openId}").ShouldBe(0);
        await factory.AdvanceUntilAsync(() => Pictures(openId).Any(p => p.MediaId is not null), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task APromptWithABannedWord_IsRefused_BeforeTheImageModel()
    {
        var openId = WindowScenario.NewOpenId();

        var outcome = await factory.Deliver(Messages.Text(openId, $"画 一个禁画词 {openId}"));

        outcome.Content.ShouldBe(Texts.Moderated);
        factory.Model.ImageRequests.ShouldNotContain(r => r.Prompt.Contains(openId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task APrefixAlone_AsksWhatToDraw_AndAWordStartingWithIt_IsAQuestion()
    {
        var openId = WindowScenario.NewOpenId();

        var alone = await factory.Deliver(Messages.Text(openId, "画"));
        var word = await factory.Deliver(Messages.Text(openId, "画家梵高是谁"));

        alone.Content.ShouldBe(Texts.DrawWhat);
        word.Content.ShouldBe("答：画家梵高是谁");
    }

    private List<Picture> Pictures(string openId)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Pictures.AsNoTracking().Where(p => p.OpenId == openId).ToList();
    }

    private List<Domain.Conversations.Turn> Turns(string openId)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Turns.AsNoTracking().Where(t => t.OpenId == openId).ToList();
    }

    private List<MediaRecord> Media(string openId)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().MediaRecords.AsNoTracking().Where(m => m.OpenId == openId).ToList();
    }
}

/// <summary>Customer-service mode: a drawing not ready at the first deadline is pushed as an image message.</summary>
public sealed class DrawingPushTests(DrawingPushTests.Scenario factory) : IClassFixture<DrawingPushTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("WeChat:ReplyMode", "CustomerService").With("Images:Enabled", "true");
    }

    [Fact]
    public async Task ASlowDrawing_RepliesSuccess_ThenIsPushedAsAnImage()
    {
        var openId = WindowScenario.NewOpenId();
        factory.Model.Images = p => new ImageScript { Latency = TimeSpan.FromSeconds(8) };

        var outcome = await factory.Deliver(Messages.Text(openId, $"画 星空 {openId}"));
        await factory.AdvanceUntilAsync(() => factory.WeChatApi.Sent.Any(m => m.ToUser == openId));

        outcome.Body.ShouldBe("success");
        var pushed = factory.WeChatApi.Sent.Single(m => m.ToUser == openId);
        pushed.MsgType.ShouldBe("image");
        var upload = factory.WeChatApi.Uploads.Last(u => u.Type == "image");
        pushed.Content.ShouldContain(upload.MediaId);
    }
}
