using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Browser.Tests.Portal;

/// <summary>
/// A citizen of Musterstadt registers, applies for a dog with the insurance proof and takes the receipt home — once
/// with the mouse, once with the keyboard only. Screenshots of each step: artifacts/screenshots/{test}.de/.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class CitizenApplicationTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_new_citizen_registers_applies_for_a_dog_with_the_insurance_proof_and_downloads_the_receipt()
    {
        const string email = "hanna.hundefreund@example.org";
        await using var s = await browser.OpenAsync();
        var page = s.Page;
        var proof = DogRegistration.WriteInsuranceProof(s.App.Services);

        await s.GoToAsync("/");
        await s.StepAsync("startseite");
        await page.GetByRole(AriaRole.Link, new() { Name = "Konto anlegen" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Hanna Hundefreund");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Neues Passwort").FillAsync(Citizens.Password);
        await s.StepAsync("registrieren");
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
        var registered = await page.Locator("h1").InnerTextAsync();
        await s.StepAsync("registriert");

        var link = Citizens.ConfirmationLink(s.App, email);
        await page.GotoAsync(link.ToString());
        var confirmed = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("bestaetigt");
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Anmelden" }).ClickAsync();
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(Citizens.Password);
        await s.StepAsync("anmelden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        var account = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("konto");

        await page.Locator("header .rathaus-brand").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Leistungen und Online-Anträge von A bis Z" }).ClickAsync();
        await s.StepAsync("leistungen");
        await page.GetByRole(AriaRole.Link, new() { Name = "Hund anmelden (Hundesteuer)" }).ClickAsync();
        await s.StepAsync("leistung");
        await page.GetByRole(AriaRole.Link, new() { Name = "Online beantragen" }).ClickAsync();
        await s.StepAsync("antrag-start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag beginnen" }).ClickAsync();

        var ownerPage = await page.Locator("main").InnerTextAsync();
        await DogRegistration.FillOwnerAsync(page);
        await s.StepAsync("seite-halter");
        await Next(page);
        var dogPage = await page.Locator("h1").InnerTextAsync();
        await DogRegistration.FillDogAsync(page, proof);
        await s.StepAsync("seite-hunde");
        await Next(page);
        var paymentPage = await page.Locator("h1").InnerTextAsync();
        await s.StepAsync("seite-zahlung");
        await Next(page);

        var review = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("pruefen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Antrag verbindlich absenden" }).ClickAsync();
        var receiptHeading = await page.Locator("h1").InnerTextAsync();
        var reference = await page.Locator("#aktenzeichen").InnerTextAsync();
        await s.StepAsync("eingang");
        var (fileName, pdf) = await s.DownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Eingangsbestätigung herunterladen (PDF)" }).ClickAsync());

        Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", registered);
        Assert.Equal(s.Portal.Authority, link.Authority);
        Assert.Contains("Ihre E-Mail-Adresse ist bestätigt", confirmed);
        Assert.Contains(email, account);
        Assert.Contains("Halterin oder Halter", ownerPage);
        Assert.Contains("Schritt 1 von 3", ownerPage);
        Assert.Equal("Hunde", dogPage);
        Assert.Equal("Zahlung", paymentPage);
        Assert.Contains("Angaben prüfen", review);
        Assert.Contains("Bella", review);
        Assert.Contains(DogRegistration.ProofFileName, review);
        Assert.Equal("Antrag eingegangen", receiptHeading);
        Assert.Matches(ReferencePattern(), reference);
        Assert.EndsWith(".pdf", fileName);
        Assert.Contains(reference, Poppler.Text(pdf));
        Assert.Contains("Bella", Poppler.Text(pdf));
        await AssertCaseFiledAsync(s.App, reference, email);
    }

    [Fact]
    public async Task The_same_application_succeeds_with_the_keyboard_only()
    {
        const string email = "kim.tastatur@example.org";
        await using var s = await browser.OpenAsync();
        var page = s.Page;
        var keys = s.Keyboard;
        var proof = DogRegistration.WriteInsuranceProof(s.App.Services);

        await s.GoToAsync("/");
        await s.StepAsync("startseite");
        await keys.ActivateAsync(page.Locator("main a[href$='/registrieren']"));
        await keys.TypeIntoAsync(page.Locator("#DisplayName"), "Kim Tastatr");
        await keys.TypeIntoAsync(page.Locator("#Email"), email);
        await keys.TypeIntoAsync(page.Locator("#Password"), Citizens.Password);
        // A typo in the name: back with Shift+Tab, select the text and type it again.
        await keys.TabToAsync(page.Locator("#DisplayName"), backwards: true);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Kim Tastatur");
        await s.StepAsync("registrieren");
        await keys.ActivateAsync(page.Locator("main form button[type=submit]"));
        await s.StepAsync("registriert");

        // The link in the e-mail, opened from the mail program.
        await page.GotoAsync(Citizens.ConfirmationLink(s.App, email).ToString());
        await s.StepAsync("bestaetigt");
        await keys.ActivateAsync(page.Locator("main a[href$='/anmelden']"));
        await keys.TypeIntoAsync(page.Locator("#Email"), email);
        await keys.TypeIntoAsync(page.Locator("#Password"), Citizens.Password);
        await s.StepAsync("anmelden");
        await keys.ActivateAsync(page.Locator("main form button[type=submit]"));
        var account = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("konto");

        await keys.ActivateAsync(page.Locator("header .rathaus-brand"));
        await keys.ActivateAsync(page.Locator("#leistungskatalog"));
        await s.StepAsync("leistungen");
        await keys.ActivateAsync(page.Locator("[data-leistung=hundeanmeldung] a"));
        await s.StepAsync("leistung");
        await keys.ActivateAsync(page.Locator("#beantragen"));
        await s.StepAsync("antrag-start");
        await keys.ActivateAsync(page.Locator("main form button[type=submit]"));

        await DogRegistration.FillOwnerAsync(keys, page);
        await s.StepAsync("seite-halter");
        await keys.ActivateAsync(NextButton(page));
        await DogRegistration.FillDogAsync(keys, page, proof);
        await s.StepAsync("seite-hunde");
        await keys.ActivateAsync(NextButton(page));
        await s.StepAsync("seite-zahlung");
        await keys.ActivateAsync(NextButton(page));
        await s.StepAsync("pruefen");
        await keys.ActivateAsync(page.Locator("main form button[type=submit]"));
        var reference = await page.Locator("#aktenzeichen").InnerTextAsync();
        await s.StepAsync("eingang");
        var (_, pdf) = await s.DownloadAsync(() => keys.PressEnterOnAsync(page.Locator("#eingangsbestaetigung")));

        Assert.Contains("Kim Tastatur", account);
        Assert.Equal("Antrag eingegangen", await page.Locator("h1").InnerTextAsync());
        Assert.Matches(ReferencePattern(), reference);
        Assert.Contains(reference, Poppler.Text(pdf));
        await AssertCaseFiledAsync(s.App, reference, email);
    }

    private static ILocator NextButton(IPage page) => page.Locator(".rathaus-actions button[value=weiter]");

    private static Task Next(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Weiter", Exact = true }).ClickAsync();

    /// <summary>The case is filed for the citizen's account, with the uploaded proof as evidence.</summary>
    private static async Task AssertCaseFiledAsync(RathausApp app, string reference, string email)
    {
        var service = await app.QueryAsync<string>("""
            SELECT c.service_id FROM cases c JOIN citizen_accounts a ON a.id = c.citizen_id
            WHERE c.reference = @reference AND a.email = @email
            """, new { reference, email });
        var evidence = await app.QueryAsync<string>("""
            SELECT string_agg(d.file_name, ', ') FROM case_documents d JOIN cases c ON c.id = d.case_id
            WHERE c.reference = @reference AND d.kind = 'evidence'
            """, new { reference });
        Assert.Equal(DogRegistration.ServiceId, service);
        Assert.Equal(DogRegistration.ProofFileName, evidence);
    }

    [GeneratedRegex(@"^MST-HUND-\d{4}-\d{6}$")]
    private static partial Regex ReferencePattern();
}
