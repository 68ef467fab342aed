using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Browser.Tests.Infrastructure;

/// <summary>
/// One person in one browser window: goes to pages, signs in, takes a screenshot per step and audits pages for
/// accessibility. <see cref="Keyboard"/> drives the same window with the keyboard only.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    /// <summary>A 1280 px wide desktop window.</summary>
    public static readonly ViewportSize DesktopViewport = new() { Width = 1280, Height = 800 };

    private readonly IBrowserContext _context;
    private readonly string _screenshots;
    private readonly List<(string Path, string Title)> _audited = [];
    private int _step;

    internal BrowserSession(RathausApp app, IBrowserContext context, IPage page, Uri portal, string language, string screenshots, string dateFieldOrder)
    {
        App = app;
        _context = context;
        Page = page;
        Portal = portal;
        Language = language;
        _screenshots = screenshots;
        Keyboard = new KeyboardUser(page, dateFieldOrder);
    }

    public RathausApp App { get; }

    public IPage Page { get; }

    /// <summary>The tenant's portal, e.g. <c>http://musterstadt.localhost:41234/</c>.</summary>
    public Uri Portal { get; }

    /// <summary>"de" or "en".</summary>
    public string Language { get; }

    public KeyboardUser Keyboard { get; }

    /// <summary>The pages audited so far, in order: address (without query) and title.</summary>
    public IReadOnlyList<(string Path, string Title)> AuditedPages => _audited;

    /// <summary>Opens a page of the portal (a path such as <c>/leistungen</c>) as if typed into the address bar; it must answer 200.</summary>
    public async Task GoToAsync(string path)
    {
        var response = await Page.GotoAsync(new Uri(Portal, path.TrimStart('/')).ToString());
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}.");
    }

    /// <summary>The path and query of the page shown, without the portal's address.</summary>
    public string Path => new Uri(Page.Url).PathAndQuery;

    /// <summary>Saves a screenshot of the whole page as the next step: <c>{nn}-{name}.png</c>.</summary>
    public async Task StepAsync(string name)
    {
        _step++;
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = System.IO.Path.Combine(_screenshots, $"{_step:00}-{name}.png"),
            FullPage = true,
        });
    }

    /// <summary>Takes the step's screenshot and audits the page (<see cref="PageAudit"/>); fails with every finding.</summary>
    public async Task StepAndAuditAsync(string name)
    {
        await StepAsync(name);
        _audited.Add((new Uri(Page.Url).AbsolutePath, await PageAudit.AssertAccessibleAsync(Page, Language)));
    }

    /// <summary>Signs in at the portal's citizen sign-in and waits for the page after it.</summary>
    public Task SignInAsCitizenAsync(string email, string password) => SignInAsync("/anmelden", email, password);

    /// <summary>Signs in at the workbench's sign-in (/verwaltung/anmelden) and waits for the workbench.</summary>
    public Task SignInAsStaffAsync(string email, string password) => SignInAsync("/verwaltung/anmelden", email, password);

    private async Task SignInAsync(string path, string email, string password)
    {
        await GoToAsync(path);
        await Page.Locator("#Email").FillAsync(email);
        await Page.Locator("#Password").FillAsync(password);
        await Page.Locator("main form button[type=submit]").ClickAsync();
        Assert.False(await Page.Locator("#fehlerzusammenfassung").IsVisibleAsync(),
            $"Sign-in as {email} failed: {await Page.Locator("main").InnerTextAsync()}");
        Assert.DoesNotMatch(SignInPath(), Path);
    }

    /// <summary>Downloads what the link leads to, as the browser saves it.</summary>
    public async Task<(string FileName, byte[] Content)> DownloadAsync(Func<Task> action)
    {
        var download = await Page.RunAndWaitForDownloadAsync(action);
        var file = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(file));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [GeneratedRegex("/anmelden")]
    private static partial Regex SignInPath();
}
