using Microsoft.Playwright;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Browser.Tests.Portal;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Browser.Tests.Workbench;

/// <summary>The Ordnungsamt's caseworker takes up a citizen's dog registration in the workbench.</summary>
[Collection(SharedBrowser.Name)]
public sealed class CaseworkTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_caseworker_finds_the_dog_registration_in_the_inbox_checks_it_and_the_insurance_check_follows()
    {
        string reference;
        await using (var citizen = await browser.OpenAsync(test: nameof(A_caseworker_finds_the_dog_registration_in_the_inbox_checks_it_and_the_insurance_check_follows) + ".buerger"))
        {
            reference = await DogRegistration.ApplyAsync(citizen, DogRegistration.WriteInsuranceProof(citizen.App.Services));
        }
        await using var s = await browser.OpenAsync();
        var page = s.Page;

        await s.SignInAsStaffAsync(Staff.Ordnungsamt, Staff.DemoPassword);
        await s.StepAsync("arbeitsplatz");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aufgaben", Exact = true }).ClickAsync();
        var row = page.Locator("#aufgaben tbody tr", new() { HasText = reference });
        var inboxRow = await row.InnerTextAsync();
        await s.StepAsync("aufgaben");
        await row.GetByRole(AriaRole.Link, new() { Name = "Anmeldung prüfen" }).ClickAsync();
        await page.GetByText("Antragsdaten anzeigen").ClickAsync();
        var task = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("aufgabe");
        await page.GetByLabel("Hund anmelden", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Erledigt" }).ClickAsync();
        var after = await page.Locator("main").InnerTextAsync();
        await s.StepAsync("erledigt");

        Assert.Contains("Hund anmelden", inboxRow);
        Assert.Contains(reference, task);
        Assert.Contains(DogRegistration.DogName, task);
        Assert.Contains($"Die Aufgabe „Anmeldung prüfen“ zum Vorgang {reference} ist erledigt.", after);
        Assert.Equal("Haftpflichtnachweis prüfen", await s.App.QueryAsync<string>("""
            SELECT t.name FROM process_user_tasks t JOIN cases c ON c.process_instance_id = t.instance_id
            WHERE c.reference = @reference AND t.status = 'open'
            """, new { reference }));
    }

    [Fact]
    public async Task After_the_caseworker_decided_the_citizen_finds_the_notice_in_the_mailbox_and_downloads_it()
    {
        const string test = nameof(After_the_caseworker_decided_the_citizen_finds_the_notice_in_the_mailbox_and_downloads_it);
        await using var citizen = await browser.OpenAsync(test: test + ".buerger");
        await citizen.SignInAsCitizenAsync(Staff.DemoCitizen, Staff.DemoPassword);
        var reference = await DogRegistration.ApplyAsync(citizen, DogRegistration.WriteInsuranceProof(citizen.App.Services));

        await using (var caseworker = await browser.OpenAsync(test: test + ".sachbearbeitung"))
        {
            var page = caseworker.Page;
            await caseworker.SignInAsStaffAsync(Staff.Ordnungsamt, Staff.DemoPassword);
            await caseworker.GoToAsync("/verwaltung/aufgaben");
            await page.Locator("#aufgaben tbody tr", new() { HasText = reference }).GetByRole(AriaRole.Link, new() { Name = "Anmeldung prüfen" }).ClickAsync();
            await page.GetByLabel("Hund anmelden", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Erledigt" }).ClickAsync();
            await caseworker.StepAsync("anmeldung-geprueft");
            await caseworker.GoToAsync("/verwaltung/aufgaben");
            await page.Locator("#aufgaben tbody tr", new() { HasText = reference }).GetByRole(AriaRole.Link, new() { Name = "Haftpflichtnachweis prüfen" }).ClickAsync();
            await page.GetByLabel("Ja", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Erledigt" }).ClickAsync();
            await caseworker.StepAsync("nachweis-geprueft");
            Assert.Contains($"Die Aufgabe „Haftpflichtnachweis prüfen“ zum Vorgang {reference} ist erledigt.", await page.Locator("main").InnerTextAsync());
        }

        // The process transfers the dog to the Steueramt and sends the confirmation as a job: it arrives within seconds.
        var mailbox = citizen.Page;
        var notice = mailbox.Locator("#nachrichten tbody tr", new() { HasText = reference });
        for (var i = 0; i < 60 && await notice.CountAsync() == 0; i++)
        {
            await citizen.GoToAsync("/konto/postfach");
            if (await notice.CountAsync() == 0)
            {
                await mailbox.WaitForTimeoutAsync(500);
            }
        }
        await citizen.StepAndAuditAsync("postfach");
        await notice.First.GetByRole(AriaRole.Link).First.ClickAsync();
        var message = await mailbox.Locator("main").InnerTextAsync();
        await citizen.StepAndAuditAsync("bescheid-nachricht");
        var href = await mailbox.Locator("#anlagen a").First.GetAttributeAsync("href");
        // Fetched by the page itself, with the citizen's session, as the browser would open it.
        var fetched = await mailbox.EvaluateAsync<string[]>("""
            async href => {
                const response = await fetch(href);
                const bytes = new Uint8Array(await response.arrayBuffer());
                let binary = '';
                for (const b of bytes) binary += String.fromCharCode(b);
                return [response.headers.get('content-type'), btoa(binary)];
            }
            """, href);
        var pdf = Convert.FromBase64String(fetched[1]);

        Assert.Contains(reference, message);
        Assert.Equal("application/pdf", fetched[0]);
        var text = Poppler.Text(pdf);
        Assert.Contains(reference, text, StringComparison.Ordinal);
        Assert.Contains(DogRegistration.DogName, text, StringComparison.Ordinal);
        Assert.Contains("ohne Unterschrift gültig", text, StringComparison.Ordinal);
    }
}
