using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WeChatGpt.Application.Common.Texts;
using WeChatGpt.Application.Pictures;
using WeChatGpt.Domain.Pictures;
using WeChatGpt.Infrastructure.Persistence;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Pictures;

/// <summary>A follower's photo: fetched from WeChat, checked, scaled, given to a vision model, and kept for follow-ups.</summary>
public sealed class PhotoTests(PhotoTests.Scenario factory) : IClassFixture<PhotoTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Vision:Model", "fake-vision-model").With("Vision:MaxBytes", "2097152");
    }

    private static readonly TextsOptions Texts = new();
    private static readonly VisionOptions Vision = new();

    [Fact]
    public async Task APhoto_IsAnsweredInTheWindow_WithOneModelCallCarryingItsBytes()
    {
        var openId = WindowScenario.NewOpenId();
        var photo = TestImages.Jpeg(320, 240);
        var mediaId = Media(openId, photo);
        var before = factory.Model.Requests.Count;

        var outcome = await factory.Deliver(Messages.Image(openId, mediaId, factory.WeChatApi.PicUrl(mediaId)));

        outcome.Delivery.ShouldBe(1);
        outcome.Content.ShouldBe("答：" + Vision.Question);
        var request = factory.Model.Requests.Skip(before).ShouldHaveSingleItem();
        request.Model.ShouldBe("fake-vision-model");
        request.Pictures.ShouldHaveSingleItem().Url.ShouldStartWith("data:image/jpeg;base64,");
        request.PicturesOf(request.LastUserIndex).ShouldHaveSingleItem().ShouldBe(photo, "a photo within budget goes as it came");
        factory.WeChatApi.PicRequests.ShouldNotContain(mediaId, "the media came through media/get: the PicUrl is a fallback");

        var stored = Pictures(openId).ShouldHaveSingleItem();
        stored.Direction.ShouldBe(PictureDirection.In);
        stored.Content.ShouldBe(photo);
        Turns(openId).ShouldHaveSingleItem().PictureId.ShouldBe(stored.Id);
    }

    [Fact]
    public async Task FollowUpQuestions_CarryThePhoto_ForTwoTurns_ThenItDropsOut()
    {
        var openId = WindowScenario.NewOpenId();
        var photo = TestImages.Png(200, 200);
        await factory.Deliver(Messages.Image(openId, Media(openId, photo)));

        var first = await AskAsync(openId, "这是什么花？");
        var second = await AskAsync(openId, "适合送人吗？");
        var third = await AskAsync(openId, "那玫瑰呢？");

        // The photo's own question (the first user message after the system prompt) carries it, not the follow-up itself.
        first.Pictures.ShouldHaveSingleItem();
        first.PicturesOf(1).ShouldHaveSingleItem().ShouldBe(photo);
        first.Messages[1].Content.ShouldBe(Vision.Question);
        first.Model.ShouldBe("fake-vision-model");
        second.PicturesOf(1).ShouldHaveSingleItem().ShouldBe(photo);
        third.Pictures.ShouldBeEmpty("two follow-up turns later the photo drops out of the prompt");
        third.Model.ShouldBe("fake-model");
        third.Messages[1].Content.ShouldBe(Vision.Question, "the photo's turn stays in the history as text");
    }

    [Fact]
    public async Task ALargePhoto_IsScaledDownBeforeItGoesToTheModel()
    {
        var openId = WindowScenario.NewOpenId();
        var before = factory.Model.Requests.Count;

        await factory.Deliver(Messages.Image(openId, Media(openId, TestImages.Jpeg(3000, 2000))));

        var request = factory.Model.Requests.Skip(before).ShouldHaveSingleItem();
        TestImages.SizeOf(request.PicturesOf(request.LastUserIndex).Single()).ShouldBe((1536, 1024));
    }

    [Fact]
    public async Task ASlowAnswerAboutAPhoto_GivesAPartial_AndContinueTheRest()
    {
        var openId = WindowScenario.NewOpenId();
        var answer = string.Concat(Enumerable.Range(1, 40).Select(i => $"第{i}句描述这张照片。"));
        var previous = factory.Model.Script;
        factory.Model.Script = r => r.Pictures.Count > 0 && r.Messages.Count == 2
            ? new ModelScript { Answer = answer, ChunkChars = 10, ChunkDelay = TimeSpan.FromMilliseconds(600) }
            : previous(r);
        try
        {
            var outcome = await factory.Deliver(Messages.Image(openId, Media(openId, TestImages.Jpeg(64, 64))));
            await factory.AdvanceAsync(TimeSpan.FromSeconds(30));
            var rest = await factory.Deliver(Messages.Text(openId, "继续"));

            outcome.Delivery.ShouldBe(3);
            outcome.Content.ShouldEndWith(Texts.PartialHint);
            var shown = outcome.Content[..^Texts.PartialHint.Length];
            answer.ShouldStartWith(shown);
            (shown + rest.Content).ShouldBe(answer, "继续 hands out exactly the rest");
        }
        finally
        {
            factory.Model.Script = previous;
        }
    }

    [Fact]
    public async Task NotAnImage_OrTooLarge_GetsTheClearText_AndNoModelCall()
    {
        var before = factory.Model.Requests.Count;
        var notAnImage = WindowScenario.NewOpenId();
        var tooLarge = WindowScenario.NewOpenId();
        var large = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(large);
        large[0] = 0xFF;
        large[1] = 0xD8;
        large[2] = 0xFF;

        var text = await factory.Deliver(Messages.Image(notAnImage, Media(notAnImage, "<html>not a picture</html>"u8.ToArray())));
        var big = await factory.Deliver(Messages.Image(tooLarge, Media(tooLarge, large)));

        text.Content.ShouldBe(Texts.PictureInvalid);
        big.Content.ShouldBe(Texts.PictureInvalid);
        factory.Model.Requests.Count.ShouldBe(before);
        Pictures(notAnImage).ShouldBeEmpty();
        Pictures(tooLarge).ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutItsMedia_ThePicUrlOnWeChatsHostIsUsed_ButNoOtherHostIsEverFetched()
    {
        var openId = WindowScenario.NewOpenId();
        var photo = TestImages.Jpeg(100, 80);
        var picOnly = "pic-only-" + openId;
        factory.WeChatApi.Media[picOnly] = photo;
        await using var elsewhere = await FakeWeChatApiServer.StartAsync();
        elsewhere.Media["elsewhere"] = photo;

        // media/get does not know the id (40007): the PicUrl on WeChat's host is the fallback.
        var fallback = await factory.Deliver(Messages.Image(openId, "expired-media", factory.WeChatApi.PicUrl(picOnly)));
        var refused = await factory.Deliver(Messages.Image(WindowScenario.NewOpenId(), "expired-media", elsewhere.PicUrl("elsewhere")));

        fallback.Content.ShouldBe("答：" + Vision.Question);
        factory.WeChatApi.PicRequests.ShouldContain(picOnly);
        Pictures(openId).ShouldHaveSingleItem().Content.ShouldBe(photo);
        refused.Content.ShouldBe(Texts.PictureInvalid);
        elsewhere.PicRequests.ShouldBeEmpty("a PicUrl on any other host is never fetched");
    }

    [Fact]
    public async Task AModelThatRefusesImages_GetsOneClearText_AndTheNextQuestionIsAnswered()
    {
        var openId = WindowScenario.NewOpenId();
        var previous = factory.Model.Script;
        factory.Model.Script = r => r.Pictures.Count > 0
            ? new ModelScript { Status = 400, ErrorMessage = "Invalid content type. image_url is only supported by certain models." }
            : previous(r);
        try
        {
            var outcome = await factory.Deliver(Messages.Image(openId, Media(openId, TestImages.Jpeg(64, 64))));
            var next = await AskAsync(openId, "那换个问题");

            outcome.Content.ShouldBe(Texts.PictureNotSupported);
            next.Pictures.ShouldBeEmpty("the refused photo's turn was not kept");
            Turns(openId).ShouldHaveSingleItem().Question.ShouldBe("那换个问题");
        }
        finally
        {
            factory.Model.Script = previous;
        }
    }

    private async Task<RecordedChatRequest> AskAsync(string openId, string question)
    {
        var before = factory.Model.Requests.Count;
        var outcome = await factory.Deliver(Messages.Text(openId, question));
        outcome.Content.ShouldBe("答：" + question);
        return factory.Model.Requests.Skip(before).ShouldHaveSingleItem();
    }

    private string Media(string openId, byte[] content)
    {
        var mediaId = $"photo-{Guid.NewGuid():N}";
        factory.WeChatApi.Media[mediaId] = content;
        return mediaId;
    }

    private List<Picture> Pictures(string openId)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Pictures.AsNoTracking().Where(p => p.OpenId == openId).ToList();
    }

    private List<Domain.Conversations.Turn> Turns(string openId)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Turns.AsNoTracking().Where(t => t.OpenId == openId).OrderBy(t => t.Id).ToList();
    }
}

/// <summary><c>Vision:Enabled=false</c>: a photo gets the fixed "text and voice only" reply, as before pictures existed.</summary>
public sealed class PhotosOffTests(PhotosOffTests.Scenario factory) : IClassFixture<PhotosOffTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario() => With("Vision:Enabled", "false");
    }

    [Fact]
    public async Task APhoto_GetsTheUnsupportedText_AndDrawingIsOffByDefault()
    {
        var openId = WindowScenario.NewOpenId();
        factory.WeChatApi.Media["off-photo"] = TestImages.Jpeg(32, 32);
        var before = factory.Model.Requests.Count;

        var photo = await factory.Deliver(Messages.Image(openId, "off-photo"));
        var draw = await factory.Deliver(Messages.Text(openId, "画 一只猫"));

        photo.Content.ShouldBe(new TextsOptions().Unsupported);
        draw.Content.ShouldBe("答：画 一只猫", "without Images:Enabled a 画 is a question like any other");
        factory.Model.Requests.Count.ShouldBe(before + 1);
        factory.Model.ImageRequests.ShouldBeEmpty();
    }
}
