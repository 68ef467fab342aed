using Microsoft.Playwright;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Browser.Tests.Portal;
using Rathaus.Browser.Tests.Workbench;

namespace Rathaus.Browser.Tests.Accessibility;

/// <summary>
/// BITV 2.0 (WCAG 2.1 A and AA) on every page the citizen's application and the caseworker's first task reach, in
/// German and English: axe-core, titles, <c>lang</c>, reflow at 200 % zoom, visible focus in reading order, and the
/// focus on the error summary after a failed submit.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("de")]
    [InlineData("en")]
    public async Task Every_page_of_the_citizen_and_caseworker_flows_meets_WCAG_2_1_AA(string language)
    {
        var email = $"barrierefrei.{language}@example.org";
        var pages = new List<(string Path, string Title)>();
        string reference;
        await using (var s = await browser.OpenAsync(language))
        {
            var page = s.Page;
            var proof = DogRegistration.WriteInsuranceProof(s.App.Services);
            await s.GoToAsync("/");
            await s.StepAndAuditAsync("startseite");
            await s.GoToAsync("/leistungen");
            await s.StepAndAuditAsync("leistungen");
            await s.GoToAsync("/leistungen/" + DogRegistration.ServiceId);
            await s.StepAndAuditAsync("leistung");

            await s.GoToAsync("/registrieren");
            await s.StepAndAuditAsync("registrieren");
            await Submit(page);
            await ErrorStepAsync(s, "registrieren-fehler");
            await page.Locator("#DisplayName").FillAsync("Bea Barrierefrei");
            await page.Locator("#Email").FillAsync(email);
            await page.Locator("#Password").FillAsync(Citizens.Password);
            await Submit(page);
            await s.StepAndAuditAsync("registriert");
            await page.GotoAsync(Citizens.ConfirmationLink(s.App, email).ToString());
            await s.StepAndAuditAsync("bestaetigt");

            await s.GoToAsync("/anmelden");
            await s.StepAndAuditAsync("anmelden");
            await Submit(page);
            await ErrorStepAsync(s, "anmelden-fehler");
            await s.SignInAsCitizenAsync(email, Citizens.Password);
            await s.StepAndAuditAsync("konto");

            await s.GoToAsync($"/leistungen/{DogRegistration.ServiceId}/antrag");
            await s.StepAndAuditAsync("antrag-start");
            await Submit(page);
            await s.StepAndAuditAsync("seite-halter");
            await Next(page);
            await ErrorStepAsync(s, "seite-halter-fehler");
            await DogRegistration.FillOwnerAsync(page);
            await Next(page);
            await s.StepAndAuditAsync("seite-hunde");
            await DogRegistration.FillDogAsync(page, proof);
            await Next(page);
            await s.StepAndAuditAsync("seite-zahlung");
            await Next(page);
            await s.StepAndAuditAsync("pruefen");
            await Submit(page);
            await s.StepAndAuditAsync("eingang");
            reference = await page.Locator("#aktenzeichen").InnerTextAsync();
            await s.GoToAsync("/konto/datencockpit");
            await s.StepAndAuditAsync("datencockpit");
            await s.GoToAsync("/konto/datenexport");
            await s.StepAndAuditAsync("datenexport");
            pages.AddRange(s.AuditedPages);
        }

        await using (var staff = await browser.OpenAsync(language, test: nameof(Every_page_of_the_citizen_and_caseworker_flows_meets_WCAG_2_1_AA) + ".verwaltung"))
        {
            await staff.GoToAsync("/verwaltung/anmelden");
            await staff.StepAndAuditAsync("verwaltung-anmelden");
            await Submit(staff.Page);
            await ErrorStepAsync(staff, "verwaltung-anmelden-fehler");
            await staff.SignInAsStaffAsync(Staff.Ordnungsamt, Staff.DemoPassword);
            await staff.StepAndAuditAsync("verwaltung");
            await staff.GoToAsync("/verwaltung/aufgaben");
            await staff.StepAndAuditAsync("aufgaben");
            var row = staff.Page.Locator("#aufgaben tbody tr", new() { HasText = reference });
            await row.Locator("a[href*='/verwaltung/aufgaben/']").ClickAsync();
            await staff.StepAndAuditAsync("aufgabe");
            await staff.Page.Locator("#aktenzeichen a").ClickAsync();
            await staff.Page.Locator("#prozessdiagramm svg[role=img]").WaitForAsync();
            await staff.StepAndAuditAsync("vorgang");
            await staff.Page.GoBackAsync();
            await staff.Page.Locator("#aufgabenformular input[type=radio][value=anmelden]").CheckAsync();
            await staff.Page.Locator("#aufgabenformular button[value=erledigen]:not([tabindex])").ClickAsync();
            await staff.StepAndAuditAsync("aufgabe-erledigt");
            pages.AddRange(staff.AuditedPages);
        }

        await using (var auditor = await browser.OpenAsync(language, test: nameof(Every_page_of_the_citizen_and_caseworker_flows_meets_WCAG_2_1_AA) + ".protokoll"))
        {
            await auditor.GoToAsync("/verwaltung/anmelden");
            await auditor.SignInAsStaffAsync(Staff.Auditor, Staff.DemoPassword);
            await auditor.GoToAsync("/verwaltung/protokoll?aktenzeichen=" + Uri.EscapeDataString(reference));
            await auditor.StepAndAuditAsync("protokoll");
            await auditor.GoToAsync("/verwaltung/protokoll?von=kein-datum");
            await ErrorStepAsync(auditor, "protokoll-fehler");
            pages.AddRange(auditor.AuditedPages);
        }

        // Different pages have different titles (a page's states may share one: the inbox before and after a task).
        Assert.Empty(pages.GroupBy(p => p.Title).Where(g => g.Select(p => p.Path).Distinct().Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_on_every_control_and_follows_the_order_of_the_page()
    {
        await using var s = await browser.OpenAsync();
        var report = new List<string>();
        async Task Check(string name)
        {
            var (reached, findings) = await PageAudit.FocusProblemsAsync(s.Page);
            Assert.True(reached > 3, $"{name}: Tab reached only {reached} controls.");
            report.AddRange(findings.Select(f => $"{name}: {f}"));
        }

        foreach (var path in new[] { "/", "/leistungen", "/leistungen/" + DogRegistration.ServiceId, "/registrieren", "/anmelden", "/verwaltung/anmelden" })
        {
            await s.GoToAsync(path);
            await Check(path);
        }
        await s.GoToAsync($"/leistungen/{DogRegistration.ServiceId}/antrag");
        await Submit(s.Page);
        await Check("seite-halter");
        await DogRegistration.FillOwnerAsync(s.Page);
        await Next(s.Page);
        await Check("seite-hunde");
        await s.SignInAsStaffAsync(Staff.Ordnungsamt, Staff.DemoPassword);
        await Check("/verwaltung");

        Assert.Empty(report);
    }

    [Fact]
    public async Task After_a_failed_submit_the_focus_is_on_the_error_summary_even_without_JavaScript()
    {
        await using var s = await browser.OpenAsync(javaScript: false);
        var page = s.Page;
        // The browser moves the focus when it next renders the page; the assertion waits for that.
        Task FocusIsOnTheSummary() => Assertions.Expect(page.Locator("#fehlerzusammenfassung")).ToBeFocusedAsync();

        await s.GoToAsync("/registrieren");
        await Submit(page);
        await FocusIsOnTheSummary();
        await s.GoToAsync("/anmelden");
        await Submit(page);
        await FocusIsOnTheSummary();
        await s.GoToAsync("/verwaltung/anmelden");
        await page.Locator("#Email").FillAsync(Staff.Ordnungsamt);
        await page.Locator("#Password").FillAsync("falsches-Passwort");
        await Submit(page);
        await FocusIsOnTheSummary();
        await s.GoToAsync($"/leistungen/{DogRegistration.ServiceId}/antrag");
        await Submit(page);
        await Next(page);
        await FocusIsOnTheSummary();
        await page.GotoAsync(page.Url.Replace("/seite/halter", "/pruefen", StringComparison.Ordinal));
        await Submit(page);
        await FocusIsOnTheSummary();
    }

    [Fact]
    public async Task The_audit_reports_what_breaks_accessibility()
    {
        await using var s = await browser.OpenAsync();
        await s.GoToAsync("/leistungen");
        await s.Page.EvaluateAsync("""
            () => {
              document.title = '';
              document.documentElement.lang = 'en';
              document.querySelector('main').insertAdjacentHTML('beforeend',
                '<img src="hund.png"><input type="text"><p style="color:#bbb;background:#fff">blass</p>'
                + '<div style="width:900px">breit</div><a href="#" style="outline:none;box-shadow:none">unsichtbar</a>');
            }
            """);

        var audit = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => PageAudit.AssertAccessibleAsync(s.Page, "de"));
        var (_, focus) = await PageAudit.FocusProblemsAsync(s.Page);

        Assert.Contains("axe image-alt", audit.Message);
        Assert.Contains("axe label", audit.Message);
        Assert.Contains("axe color-contrast", audit.Message);
        Assert.Contains("the page has no title", audit.Message);
        Assert.Contains("<html lang=\"en\">", audit.Message);
        Assert.Contains("scrolls sideways", audit.Message);
        Assert.Contains(focus, f => f.Contains("no visible focus") && f.Contains("unsichtbar"));
    }

    /// <summary>A form page after a failed submit: audited, and its title begins with "Fehler:" ("Error:").</summary>
    private static async Task ErrorStepAsync(BrowserSession session, string name)
    {
        await session.StepAndAuditAsync(name);
        Assert.StartsWith(session.Language == "de" ? "Fehler: " : "Error: ", await session.Page.TitleAsync(), StringComparison.Ordinal);
    }

    private static Task Submit(IPage page) => page.Locator("main form[method=post] button[type=submit]:visible").First.ClickAsync();

    private static Task Next(IPage page) => DogRegistration.NextAsync(page);
}
