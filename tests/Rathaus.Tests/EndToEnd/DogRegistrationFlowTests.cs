using System.Globalization;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// Dog registration from the portal through the Ordnungsamt's check in the workbench, the transfer to the Steueramt
/// and the dog tax, to the confirmation and the tax notice in the citizen's mailbox — nothing printed.
/// </summary>
public sealed class DogRegistrationFlowTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private readonly Flow _flow = new(app);

    [Fact]
    public async Task A_registration_is_checked_registered_passed_to_the_tax_office_and_both_notices_reach_the_mailbox()
    {
        var tenant = await app.TenantAsync();
        var (citizen, reference) = await _flow.ApplyAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var instance = await _flow.InstanceOfAsync(reference);
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");
        Assert.Equal("In Prüfung", await _flow.StatusAsync(citizen, reference));

        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Pruefen", ("pruefung.entscheidung", "anmelden"));
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Versicherung", ("nachweis.nachweisAusreichend", "true"));

        var confirmation = await Flow.NoticeTextAsync(citizen, reference, "Bestätigung der Anmeldung Ihres Hundes");
        var registration = await app.WaitForAsync(tenant.Id, instance, i => i.Status == "completed", "the registration is completed");
        var taxReference = registration.Variables["transfer"]!["reference"]!.GetValue<string>();
        Assert.Contains("Julia Katharina Schneider", confirmation, StringComparison.Ordinal);
        Assert.Contains("Lindenweg 12a", confirmation, StringComparison.Ordinal);
        Assert.Contains(reference, confirmation, StringComparison.Ordinal);
        Assert.Contains("Bruno", confirmation, StringComparison.Ordinal);
        Assert.Contains("Aktenzeichen des Steueramts: " + taxReference, confirmation, StringComparison.Ordinal);
        Assert.Equal(["Milestone_InPruefung", "Milestone_Angemeldet", "Milestone_Bestaetigt"],
            (await _flow.PassedAsync(instance)).Where(e => e.StartsWith("Milestone_", StringComparison.Ordinal)));

        var taxNotice = await Flow.NoticeTextAsync(citizen, taxReference, "Bescheid über die Festsetzung der Hundesteuer");
        var taxInstance = await app.WaitForAsync(tenant.Id, await _flow.InstanceOfAsync(taxReference), i => i.Status == "completed", "the tax case is completed");
        var tax = taxInstance.Variables["dogTax"]!;
        var tags = tax["dogs"]!.AsArray().Select(d => d!["tagNumber"]!.GetValue<string>()).ToList();
        Assert.Equal(("first", 60m), (tax["dogs"]![0]!["category"]!.GetValue<string>(), tax["dogs"]![0]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal(("listed", 600m), (tax["dogs"]![1]!["category"]!.GetValue<string>(), tax["dogs"]![1]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal((2026, 135m), (tax["firstYear"]!.GetValue<int>(), tax["firstYearTotal"]!.GetValue<decimal>()));
        Assert.Contains("Julia Katharina Schneider", taxNotice, StringComparison.Ordinal);
        Assert.Contains(taxReference, taxNotice, StringComparison.Ordinal);
        Assert.Contains("Satzung über die Erhebung der Hundesteuer der Stadt Musterstadt", taxNotice, StringComparison.Ordinal);
        Assert.Contains("Steuermarke " + tags[0], taxNotice, StringComparison.Ordinal);
        Assert.Contains("Steuermarke " + tags[1], taxNotice, StringComparison.Ordinal);
        Assert.Contains("Jahressteuer 60,00 €", taxNotice, StringComparison.Ordinal);
        Assert.Contains("Jahressteuer 600,00 €", taxNotice, StringComparison.Ordinal);
        Assert.Contains("Die Jahressteuer beträgt insgesamt 660,00 €; für 2026 setzen wir 135,00 € fest.", taxNotice, StringComparison.Ordinal);
        var firstDue = DateOnly.ParseExact(tax["installments"]![0]!["dueDate"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains("fällig am " + firstDue.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), taxNotice, StringComparison.Ordinal);
        Assert.Contains("SEPA-Lastschriftmandat", taxNotice, StringComparison.Ordinal);
        Assert.Contains("Rechtsbehelfsbelehrung", taxNotice, StringComparison.Ordinal);
        Assert.Equal("Abgeschlossen: Hundesteuer festgesetzt", await _flow.StatusAsync(citizen, taxReference));
        Assert.Equal("Abgeschlossen: Hund angemeldet", await _flow.StatusAsync(citizen, reference));
        Assert.Equal((0, 0), (await _flow.PrintsAsync(reference), await _flow.PrintsAsync(taxReference)));
    }

    [Fact]
    public async Task A_refused_registration_ends_in_the_refusal_notice_with_the_reason_and_nothing_is_passed_on()
    {
        var (citizen, reference) = await _flow.ApplyAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");

        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Pruefen",
            ("pruefung.entscheidung", "ablehnen"), ("pruefung.ablehnungsgrund", "Die Chipnummer gehört zu einem anderen Hund."));

        var refusal = await Flow.NoticeTextAsync(citizen, reference, "Ablehnung Ihrer Anmeldung eines Hundes");
        Assert.Contains("Julia Katharina Schneider", refusal, StringComparison.Ordinal);
        Assert.Contains("Die Chipnummer gehört zu einem anderen Hund.", refusal, StringComparison.Ordinal);
        Assert.Contains("Rechtsbehelfsbelehrung", refusal, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync<int>(
            "SELECT count(*)::int FROM case_transfers t JOIN cases c ON c.id = t.from_case_id WHERE c.reference = @reference", new { reference }));
        Assert.Equal(0, await _flow.PrintsAsync(reference));
    }

    [Fact]
    public async Task A_registration_in_English_gets_the_confirmation_and_the_tax_notice_in_English()
    {
        var data = ShippedServices.Valid("hundeanmeldung");
        data["hunde"]!.AsArray().RemoveAt(1);
        data["halter"]!["familienname"] = "Walker";
        data["halter"]!["vornamen"] = "Emily";
        var (citizen, reference) = await _flow.ApplyByApiAsync("hundeanmeldung", data, "en");
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");

        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Pruefen", ("pruefung.entscheidung", "anmelden"));

        var confirmation = await Flow.NoticeTextAsync(citizen, reference, "Confirmation of your dog registration");
        var taxReference = await app.QueryAsync<string>(
            "SELECT c.reference FROM case_transfers t JOIN cases c ON c.id = t.to_case_id JOIN cases f ON f.id = t.from_case_id WHERE f.reference = @reference", new { reference });
        var taxNotice = await Flow.NoticeTextAsync(citizen, taxReference, "Notice of assessment of the dog tax");
        Assert.Contains("passed on to the tax office", confirmation, StringComparison.Ordinal);
        Assert.Contains(taxReference, confirmation, StringComparison.Ordinal);
        Assert.Contains("Emily Walker", taxNotice, StringComparison.Ordinal);
        Assert.Contains("dog no. 1", taxNotice, StringComparison.Ordinal);
        Assert.Contains("The annual tax is €60.00 in total; for 2026 we assess €35.00.", taxNotice, StringComparison.Ordinal);
        Assert.Contains("Information on legal remedies", taxNotice, StringComparison.Ordinal);
        Assert.Equal("en", await app.QueryAsync<string>("SELECT language FROM cases WHERE reference = @taxReference", new { taxReference }));
    }
}
