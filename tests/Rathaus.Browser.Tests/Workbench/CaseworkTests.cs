using Microsoft.Playwright;
using Rathaus.Browser.Tests.Infrastructure;
using Rathaus.Browser.Tests.Portal;

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
}
