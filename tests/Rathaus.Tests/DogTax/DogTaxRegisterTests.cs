using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.DogTax;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.DogTax;

/// <summary>The Steueramt's register: statute in force, the keeper's earlier dogs, tax tags unique per tenant and year, and the job's idempotency.</summary>
public sealed class DogTaxRegisterTests(FlowsApp app) : IClassFixture<FlowsApp>
{
    private DogTaxRegister Register => app.Services.GetRequiredService<DogTaxRegister>();

    private static readonly DateOnly Issued = new(2026, 3, 20);

    private static NewDog Dog(string name, string keptSince = "2026-03-10", bool listed = false, string? claim = null) =>
        new(name, "276098100000001", listed, DateOnly.Parse(keptSince, System.Globalization.CultureInfo.InvariantCulture), claim);

    private Task<string> AssessAsync(Guid tenant, string job, DogKeeper keeper, params NewDog[] dogs) =>
        Register.AssessAsync(tenant, job, null, keeper, dogs, exemptionsGranted: true, Issued,
            (statute, assessment, tagged) => DogTaxJobHandler.Shape(statute, assessment, tagged, Issued).ToJsonString());

    [Fact]
    public async Task A_keepers_second_registration_makes_the_new_dog_the_second_dog_under_the_demo_statute()
    {
        var tenant = await app.TenantAsync();
        var keeper = new DogKeeper("Hofmann", "Eva", new DateOnly(1980, 2, 2));

        var first = JsonNode.Parse(await AssessAsync(tenant.Id, "job-erst", keeper, Dog("Bello")))!;
        var second = JsonNode.Parse(await AssessAsync(tenant.Id, "job-zweit", keeper with { FamilyName = "  HOFMANN ", GivenNames = "eva" }, Dog("Luna")))!;

        Assert.Equal((60m, "first"), (first["dogs"]![0]!["annualAmount"]!.GetValue<decimal>(), first["dogs"]![0]!["category"]!.GetValue<string>()));
        Assert.Equal((120m, "second"), (second["dogs"]![0]!["annualAmount"]!.GetValue<decimal>(), second["dogs"]![0]!["category"]!.GetValue<string>()));
        Assert.StartsWith("Satzung über die Erhebung der Hundesteuer der Stadt Musterstadt", second["statute"]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tax_tags_are_numbered_per_tenant_and_year_without_duplicates_under_concurrent_assessments()
    {
        var tenant = await app.TenantAsync("beispielheim");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            AssessAsync(tenant.Id, $"job-marke-{i}", new DogKeeper("Halter" + i, "Max", new DateOnly(1970, 1, 1)), Dog("A" + i), Dog("B" + i))));

        var tags = results.SelectMany(r => JsonNode.Parse(r)!["dogs"]!.AsArray().Select(d => d!["tagNumber"]!.GetValue<string>())).ToList();
        Assert.Equal(20, tags.Distinct().Count());
        Assert.All(tags, t => Assert.StartsWith("2026-", t, StringComparison.Ordinal));
        var numbers = tags.Select(t => int.Parse(t[5..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 20), numbers);
        Assert.Equal(20, await app.QueryAsync<int>(
            "SELECT count(DISTINCT tag_number)::int FROM dog_tax_dogs WHERE tenant_id = @id AND job_id LIKE 'job-marke-%'", new { id = tenant.Id }));
    }

    [Fact]
    public async Task A_job_that_runs_again_gets_the_same_assessment_and_registers_its_dogs_once()
    {
        var tenant = await app.TenantAsync();
        var keeper = new DogKeeper("Wiederholt", "Jana", new DateOnly(1990, 5, 5));

        var first = await AssessAsync(tenant.Id, "job-nochmal", keeper, Dog("Rex"));
        var again = await AssessAsync(tenant.Id, "job-nochmal", keeper, Dog("Rex"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first), JsonNode.Parse(again)), again);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM dog_tax_dogs WHERE job_id = 'job-nochmal'"));
    }

    [Fact]
    public async Task Without_a_statute_in_force_at_the_start_of_keeping_the_assessment_is_refused_and_nothing_is_registered()
    {
        var tenant = await app.TenantAsync();

        var e = await Assert.ThrowsAsync<DogTaxStatuteException>(() =>
            AssessAsync(tenant.Id, "job-zu-frueh", new DogKeeper("Frueh", "Otto", new DateOnly(1950, 1, 1)), Dog("Alt", keptSince: "2019-06-01")));

        Assert.Contains("2019-06-01", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM dog_tax_dogs WHERE job_id = 'job-zu-frueh'"));
    }

    [Fact]
    public async Task A_new_statute_version_applies_to_dogs_kept_from_its_start_and_the_old_one_before()
    {
        var tenant = await app.TenantAsync("beispielheim");
        var newer = DogTaxStatuteReader.Read("""
            { "validFrom": "2026-07-01", "title": "Neue Satzung", "rates": { "first": 75, "second": 150, "further": 150, "listed": 700 },
              "liabilityStart": "same-month", "dueDates": ["07-01"] }
            """);
        await Register.ImportAsync(tenant.Id, newer, "test");

        var before = JsonNode.Parse(await AssessAsync(tenant.Id, "job-vorher", new DogKeeper("Vor", "A", null), Dog("X", keptSince: "2026-06-30")))!;
        var after = JsonNode.Parse(await AssessAsync(tenant.Id, "job-nachher", new DogKeeper("Nach", "B", null), Dog("Y", keptSince: "2026-07-01")))!;

        Assert.Equal(45m, before["dogs"]![0]!["annualAmount"]!.GetValue<decimal>());
        Assert.Equal((75m, "Neue Satzung"), (after["dogs"]![0]!["annualAmount"]!.GetValue<decimal>(), after["statute"]!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_dog_tax_process_asks_the_tax_office_about_claimed_exemptions_and_applies_the_granted_one()
    {
        var tenant = await app.TenantAsync();
        var application = FlowsApp.Json("""
            {
              "halter": { "familienname": "Yilmaz", "vornamen": "Deniz", "geburtsdatum": "1991-11-03",
                          "anschrift": { "street": "Rosengasse", "houseNumber": "3", "postalCode": "99991", "city": "Musterstadt" } },
              "hunde": [
                { "name": "Ayla", "rasse": "Labrador", "chipnummer": "276098100000111", "listenhund": false, "haltungsbeginn": "2026-02-10",
                  "herkunft": "zuechter", "steuerbefreiung": "assistenzhund" },
                { "name": "Momo", "rasse": "Mischling", "chipnummer": "276098100000112", "listenhund": false, "haltungsbeginn": "2026-02-10",
                  "herkunft": "privat", "steuerbefreiung": "keine" }
              ],
              "bankverbindung": { "sepaMandat": false }
            }
            """);
        var instance = await app.Processes.StartAsync(tenant.Id, new StartRequest
        {
            ProcessId = "hundesteuer",
            Variables = new JsonObject { ["application"] = application },
        });
        var review = Assert.Single(instance.OpenTasks);
        Assert.Equal(("Task_Befreiung", "befreiung-pruefen", "steueramt"), (review.ElementId, review.FormKey, Assert.Single(review.CandidateGroups)));

        await app.Processes.CompleteTaskAsync(tenant.Id, review.Id, new JsonObject { ["befreiungAnerkannt"] = true },
            new TaskActor("test", null, ["steueramt"], IsTenantAdmin: false));
        var assessed = await app.WaitForAsync(tenant.Id, instance.Id, i => i.Variables["dogTax"] is not null, "the dog tax is assessed");

        var dogs = assessed.Variables["dogTax"]!["dogs"]!.AsArray();
        Assert.Equal(("exempt", 0m), (dogs[0]!["category"]!.GetValue<string>(), dogs[0]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal(("first", 60m), (dogs[1]!["category"]!.GetValue<string>(), dogs[1]!["annualAmount"]!.GetValue<decimal>()));
        Assert.Equal(60m, assessed.Variables["dogTax"]!["annualTotal"]!.GetValue<decimal>());
    }
}
