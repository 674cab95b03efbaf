using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WeChatGpt.IntegrationTests.Support;

namespace WeChatGpt.IntegrationTests.Browser;

/// <summary>A browser test: skipped, with the reason, where Chromium is not installed (CI installs it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute([System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null, [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!BrowserFixture.ChromiumInstalled)
        {
            Skip = $"Chromium is not installed at {BrowserFixture.ChromiumPath} (apt-get install chromium): browser test skipped.";
        }
    }
}

/// <summary>
/// The app on a real Kestrel port (the browser needs one) with the admin on, and Debian's Chromium driven by
/// Playwright: headless, no sandbox (root in CI), no background networking (the machine's network is closed).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(language: "en")
    {
    }

    /// <param name="language">The admin pages' language (null: the product's default, Chinese).</param>
    protected BrowserFixture(string? language) => Factory = new WeChatGptFactory().WithAdmin(language);

    public const string ChromiumPath = "/usr/bin/chromium";

    public WeChatGptFactory Factory { get; }

    public Uri Address { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where failure screenshots go: under the test output.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public async ValueTask InitializeAsync()
    {
        if (!ChromiumInstalled)
        {
            return;
        }

        Factory.UseKestrel(0);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on a phone-sized screen, signed in or not.</summary>
    public Task<IBrowserContext> NewContextAsync(bool signedIn = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HttpCredentials = signedIn ? new HttpCredentials { Username = WeChatGptFactory.AdminUser, Password = WeChatGptFactory.AdminPassword } : null,
        });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same browser on the admin pages as an owner sees them by default: in Chinese.</summary>
public sealed class ChineseBrowserFixture() : BrowserFixture(language: null);
