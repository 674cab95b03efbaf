using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Pictures;

/// <summary>The owner sees the photo a follower sent and the image drawn for them, from our own storage, behind the sign-in.</summary>
public sealed partial class PictureAdminTests(PictureAdminTests.Scenario factory) : IClassFixture<PictureAdminTests.Scenario>
{
    public sealed class Scenario : WindowScenario
    {
        public Scenario()
        {
            WithAdmin();
            With("Images:Enabled", "true");
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConversation_ShowsThePhotoAndTheDrawing_ServedOnlyToTheOwner_AndTheFiguresCountThem()
    {
        var openId = WindowScenario.NewOpenId();
        var photo = TestImages.Jpeg(120, 90);
        factory.WeChatApi.Media["admin-photo-" + openId] = photo;
        factory.Model.Images = _ => new ImageScript();
        var before = await FiguresAsync();

        await factory.Deliver(Messages.Image(openId, "admin-photo-" + openId));
        (await factory.Deliver(Messages.Text(openId, "画 一只熊猫"))).Reply!["MsgType"].ShouldBe("image");

        var admin = factory.AdminClient();
        var page = await admin.GetStringAsync($"/admin/followers/{openId}", Ct);
        var sources = ImageSource().Matches(page).Select(m => m.Groups[1].Value).ToList();
        sources.Count.ShouldBe(2, page);
        sources.ShouldAllBe(s => s.StartsWith("/admin/pictures/", StringComparison.Ordinal), "never hot-linked from WeChat");
        page.ShouldContain("alt=\"Drawn image\"");
        page.ShouldContain("alt=\"Photo sent\"");

        // Newest first: the drawing, then the photo.
        using var drawn = await admin.GetAsync(sources[0], Ct);
        drawn.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await drawn.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(FakeOpenAiServer.DefaultImage);
        drawn.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        using var sent = await admin.GetAsync(sources[1], Ct);
        (await sent.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(photo);

        using var anonymous = await factory.AdminClient(user: null).GetAsync(sources[1], Ct);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var missing = await admin.GetAsync("/admin/pictures/999999", Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var after = await FiguresAsync();
        (after.In - before.In).ShouldBe(1);
        (after.Out - before.Out).ShouldBe(1);
        (await admin.GetStringAsync("/admin", Ct)).ShouldContain("Images drawn");
    }

    private async Task<(int In, int Out)> FiguresAsync()
    {
        var json = await factory.AdminClient().GetFromJsonAsync<JsonElement>("/admin/api/figures/today", Ct);
        return (json.GetProperty("picturesIn").GetInt32(), json.GetProperty("picturesOut").GetInt32());
    }

    [GeneratedRegex("<img class=\"thumb\" src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
