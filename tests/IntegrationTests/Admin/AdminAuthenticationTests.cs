using System.Net;
using System.Net.Http.Json;
using Shouldly;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Admin;

/// <summary>Every admin and API route, with and without credentials; closed by default; failures rate-limited per IP.</summary>
public sealed class AdminAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every admin route: pages, form posts and the JSON API.</summary>
    public static TheoryData<string, string> AdminRoutes => new()
    {
        { "GET", "/admin" },
        { "GET", "/admin/jobs" },
        { "GET", "/admin/jobs/recurring" },
        { "POST", "/admin/jobs/recurring/trigger" },
        { "GET", "/admin/followers" },
        { "GET", "/admin/followers/o-someone" },
        { "POST", "/admin/followers/o-someone/reset" },
        { "GET", "/admin/api/keywords" },
        { "POST", "/admin/api/keywords" },
        { "PUT", "/admin/api/keywords/1" },
        { "DELETE", "/admin/api/keywords/1" },
        { "GET", "/admin/api/templates" },
        { "PUT", "/admin/api/templates/english" },
        { "DELETE", "/admin/api/templates/english" },
        { "POST", "/admin/api/menu" },
        { "DELETE", "/admin/api/menu" },
        { "GET", "/admin/api/figures/today" },
        { "GET", "/admin/api/followers" },
        { "GET", "/admin/api/jobs" },
        { "POST", "/admin/api/jobs/run" },
    };

    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "POST", "/api/followers/o-someone/messages" },
        { "GET", "/api/followers/o-someone/messages" },
        { "DELETE", "/api/followers/o-someone/messages" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithNoAdminConfigured_IsNotFound_EvenWithCredentials(string method, string path)
    {
        await using var factory = new WeChatGptFactory();

        using var anonymous = await factory.AdminClient(user: null).SendAsync(Request(method, path), Ct);
        using var guessing = await factory.AdminClient().SendAsync(Request(method, path), Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        guessing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithoutOrWithWrongCredentials_Is401WithABasicChallenge(string method, string path)
    {
        await using var factory = new WeChatGptFactory().WithAdmin();

        using var anonymous = await factory.AdminClient(user: null).SendAsync(Request(method, path), Ct);
        using var wrongPassword = await factory.AdminClient(password: "wrong-password-123").SendAsync(Request(method, path), Ct);
        using var wrongUser = await factory.AdminClient(user: "admin").SendAsync(Request(method, path), Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic realm=");
        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrongUser.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_WithTheAdminsCredentials_GetsPastAuthentication(string method, string path)
    {
        await using var factory = new WeChatGptFactory().WithAdmin();

        using var response = await factory.AdminClient().SendAsync(Request(method, path), Ct);

        // Whatever the route then says (200, 204, 400 for a missing body or antiforgery token, 404 for an
        // unknown id), it is not an authentication answer.
        response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
        response.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);
        ((int)response.StatusCode).ShouldBeLessThan(500);
    }

    [Fact]
    public async Task AdminPages_WithTheAdminsCredentials_AreServed()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();
        var client = factory.AdminClient();

        foreach (var page in new[] { "/admin", "/admin/jobs", "/admin/followers" })
        {
            using var response = await client.GetAsync(page, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task ApiRoute_WithoutOrWithAWrongKey_Is401_AndWithTheKey_IsServed(string method, string path)
    {
        await using var factory = new WeChatGptFactory();
        var anonymous = factory.CreateClient();
        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        (await anonymous.SendAsync(Request(method, path), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.SendAsync(Request(method, path), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var ok = await factory.ApiClient().SendAsync(Request(method, path), Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ApiKeys_CanBeOneCommaSeparatedValue_AsInAnEnvironmentVariable()
    {
        await using var factory = new WeChatGptFactory().With("Api:Keys:0", null).With("Api:Keys", "first-key, second-key");

        foreach (var key in new[] { "first-key", "second-key" })
        {
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            (await client.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var joined = factory.CreateClient();
        joined.DefaultRequestHeaders.Add("X-Api-Key", "first-key, second-key");
        (await joined.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminApi_AdminCredentialsDoNotOpenTheConsumerApi_NorTheKeyTheAdmin()
    {
        await using var factory = new WeChatGptFactory().WithAdmin();

        (await factory.AdminClient().GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.ApiClient().GetAsync("/admin/api/keywords", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RepeatedFailures_FromOneAddress_Get429_ThatAddressOnly_UntilTheWindowPasses()
    {
        await using var factory = new WeChatGptFactory().WithAdmin()
            .With("RateLimit:AuthFailures", "3")
            .With("RateLimit:AuthFailureWindow", "00:10:00")
            .UseManualClock();
        var attacker = factory.AdminClient(password: "guess-number-0001", remoteIp: "203.0.113.9");

        for (var i = 0; i < 3; i++)
        {
            (await attacker.GetAsync("/admin/api/keywords", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Now even the right password from that address waits; the API is guarded the same way.
        var blocked = await factory.AdminClient(remoteIp: "203.0.113.9").GetAsync("/admin/api/keywords", Ct);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 600);
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", WeChatGptFactory.ApiKey);
        api.DefaultRequestHeaders.Add(WeChatGptFactory.RemoteIpHeader, "203.0.113.9");
        (await api.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Another address is not affected.
        (await factory.AdminClient(remoteIp: "198.51.100.7").GetAsync("/admin/api/keywords", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        factory.Clock!.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        (await factory.AdminClient(remoteIp: "203.0.113.9").GetAsync("/admin/api/keywords", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongApiKeys_AreRateLimited_AndABrowserWithoutCredentialsIsNot()
    {
        await using var factory = new WeChatGptFactory().WithAdmin().With("RateLimit:AuthFailures", "2");
        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "guess");
        wrong.DefaultRequestHeaders.Add(WeChatGptFactory.RemoteIpHeader, "203.0.113.20");
        var browser = factory.AdminClient(user: null, remoteIp: "203.0.113.21");

        (await wrong.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.GetAsync("/api/followers/o-x/messages", Ct)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // A browser's first request carries no credentials: the challenge is not a failure.
        for (var i = 0; i < 5; i++)
        {
            (await browser.GetAsync("/admin", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" && path.StartsWith("/api/", StringComparison.Ordinal))
        {
            request.Content = JsonContent.Create(new { text = "你好" });
        }
        else if (method is "POST" or "PUT" && path.StartsWith("/admin/api/", StringComparison.Ordinal))
        {
            request.Content = JsonContent.Create(new { });
        }

        return request;
    }
}
