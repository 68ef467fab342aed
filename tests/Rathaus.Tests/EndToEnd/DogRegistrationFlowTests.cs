using System.Text.Json.Nodes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.EndToEnd;

/// <summary>
/// Dog registration from the portal through the Ordnungsamt's check, the transfer to the Steueramt and the dog tax.
/// </summary>
public sealed class DogRegistrationFlowTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private readonly Flow _flow = new(app);

    [Fact]
    public async Task A_registration_with_a_listed_dog_is_checked_registered_passed_to_the_tax_office_and_assessed()
    {
        var tenant = await app.TenantAsync();
        var reference = await _flow.SubmitAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var instance = await _flow.InstanceOfAsync(reference);
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");

        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Pruefen", ("pruefung.entscheidung", "anmelden"));
        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Versicherung", ("nachweis.nachweisAusreichend", "true"));
        await _flow.WaitForJobAsync(instance, "rathaus:notice");

        var registration = (await _flow.InstanceAsync(tenant.Id, instance))!;
        var taxReference = registration.Variables["transfer"]!["reference"]!.GetValue<string>();
        Assert.StartsWith("MST-HSTR-", taxReference, StringComparison.Ordinal);
        var passed = await _flow.PassedAsync(instance);
        Assert.Equal(["Milestone_InPruefung", "Milestone_Angemeldet"], passed.Where(e => e.StartsWith("Milestone_", StringComparison.Ordinal)));

        var taxInstance = await _flow.InstanceOfAsync(taxReference);
        await _flow.WaitForJobAsync(taxInstance, "rathaus:notice");
        var tax = (await _flow.InstanceAsync(tenant.Id, taxInstance))!.Variables["dogTax"]!;
        Assert.Equal(["Bruno", "Luna"], tax["dogs"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal(("first", 60m), (tax["dogs"]![0]!["category"]!.GetValue<string>(), tax["dogs"]![0]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal(("listed", 600m), (tax["dogs"]![1]!["category"]!.GetValue<string>(), tax["dogs"]![1]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal(660m, tax["annualTotal"]!.GetValue<decimal>());
        Assert.Matches(@"^\d{4}-\d{4}, \d{4}-\d{4}$", tax["tagNumbers"]!.GetValue<string>());
        Assert.Contains("Milestone_Festgesetzt", await _flow.PassedAsync(taxInstance));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM print_actions"));
    }

    [Fact]
    public async Task A_refused_registration_goes_to_the_refusal_notice_and_nothing_is_passed_on()
    {
        var reference = await _flow.SubmitAsync("hundeanmeldung", ShippedServices.Valid("hundeanmeldung"));
        var instance = await _flow.InstanceOfAsync(reference);
        var ordnungsamt = await _flow.StaffAsync("ordnungsamt@musterstadt.example");

        await _flow.CompleteAsync(ordnungsamt, reference, "Task_Pruefen",
            ("pruefung.entscheidung", "ablehnen"), ("pruefung.ablehnungsgrund", "Die Chipnummer gehört zu einem anderen Hund."));
        await _flow.WaitForJobAsync(instance, "rathaus:notice");

        Assert.Equal("Task_Ablehnung", await app.QueryAsync<string>(
            "SELECT element_id FROM process_jobs WHERE instance_id = @instance AND type = 'rathaus:notice'", new { instance }));
        Assert.Equal(0, await app.QueryAsync<int>(
            "SELECT count(*)::int FROM case_transfers t JOIN cases c ON c.id = t.from_case_id WHERE c.reference = @reference", new { reference }));
    }
}
