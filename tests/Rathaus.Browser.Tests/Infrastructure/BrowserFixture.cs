using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>Every browser test class joins this collection: one application and one Chromium for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The application with the demo data on a real loopback port, and one headless Chromium. Each test opens its own
/// <see cref="BrowserSession"/> (a fresh browser context: no cookies shared between tests).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public LoopbackRathausApp App { get; } = new();

    /// <summary>
    /// The order in which this Chromium shows a date field's parts: "ddMMyyyy" or "MMddyyyy". It follows the browser's
    /// own interface language, not the page's (Debian's chromium without chromium-l10n: month first).
    /// </summary>
    public string DateFieldOrder { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        DateFieldOrder = await ProbeDateFieldOrderAsync(_browser);
    }

    private static async Task<string> ProbeDateFieldOrderAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<input type=date id=d>");
        await page.FocusAsync("#d");
        await page.Keyboard.TypeAsync("01022000");
        return await page.InputValueAsync("#d") == "2000-02-01" ? "ddMMyyyy" : "MMddyyyy";
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }

    /// <summary>
    /// A new browser window at a tenant's portal, in <paramref name="language"/> ("de" or "en", as if chosen with the
    /// language switch), 1280 × 800 CSS pixels. Screenshots go to <c>artifacts/screenshots/{test}.{language}/</c>.
    /// </summary>
    /// <param name="javaScript">False: the window runs no script of the page, as in a browser with JavaScript switched off.</param>
    public async Task<BrowserSession> OpenAsync(string language = "de", string tenant = "musterstadt", bool javaScript = true, [CallerMemberName] string test = "")
    {
        var portal = App.TenantUrl(tenant);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = BrowserSession.DesktopViewport,
            Locale = language == "de" ? "de-DE" : "en-GB",
            TimezoneId = "Europe/Berlin",
            AcceptDownloads = true,
            JavaScriptEnabled = javaScript,
        });
        await context.AddCookiesAsync(
        [
            // What the language switch (/sprache/en) sets.
            new Cookie { Name = ".AspNetCore.Culture", Value = $"c={language}|uic={language}", Domain = portal.Host, Path = "/" },
        ]);
        var page = await context.NewPageAsync();
        return new BrowserSession(App, context, page, portal, language, Artifacts.ScreenshotFolder($"{test}.{language}"), DateFieldOrder);
    }
}
