using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Api;

/// <summary>The consumer API takes WeChat's path: the owner's keyword replies come before the model there too.</summary>
public sealed class ConsumerApiKeywordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKeyword_GetsTheOwnersReply_WithoutTheModel()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        (await factory.AdminClient().PostAsJsonAsync("/admin/api/keywords", new { keyword = "营业时间", match = "Exact", reply = "每天 9:00–18:00。" }, Ct)).EnsureSuccessStatusCode();

        var response = await factory.ApiClient().PostAsJsonAsync("/api/followers/o-api-keyword/messages", new { text = "营业时间" }, Ct);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("reply").GetString().ShouldBe("每天 9:00–18:00。");
        factory.Model.RequestCount().ShouldBe(0);
    }
}
