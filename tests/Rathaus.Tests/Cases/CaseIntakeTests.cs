using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Rathaus.Cases;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Processes;

namespace Rathaus.Tests.Cases;

/// <summary>Submitting an application: one transaction, one case, however often it is sent.</summary>
public sealed class CaseIntakeTests(RathausApp app) : IClassFixture<RathausApp>
{
    private CaseIntake Intake => app.Services.GetRequiredService<CaseIntake>();

    private async Task<Tenant> MusterstadtAsync() =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync("musterstadt"))!;

    private async Task<IntakeService> ServiceAsync(Tenant tenant, string id)
    {
        var deployed = await app.Services.GetRequiredService<ProcessService>()
            .DeployAsync(tenant.Id, ProcessModels.OneUserTask(id, "ordnungsamt"), "test");
        return new IntakeService(id, "1.0.0", "ordnungsamt", "TEST", id, deployed.Definitions.Single().Version);
    }

    private static IntakeRequest Request(Tenant tenant, IntakeService service, string name, string? key = null, string? hash = null) =>
        new(tenant, service, new JsonObject { ["halter"] = new JsonObject { ["name"] = name } }, [], "api",
            new IntakeActor("api", "test-client", null), "corr-1", key, hash);

    [Fact]
    public async Task Submitting_creates_the_case_its_process_and_an_audit_entry_together()
    {
        var tenant = await MusterstadtAsync();
        var service = await ServiceAsync(tenant, "intake-einfach");

        var submitted = await Intake.SubmitAsync(Request(tenant, service, "Erika Mustermann"), receipt: null);

        Assert.Matches(@"^MST-TEST-\d{4}-\d{6}$", submitted.Reference);
        Assert.False(submitted.Replayed);
        var row = await app.QueryAsync<(string Data, string Instance, string Department)>(
            "SELECT data::text, process_instance_id, department_key FROM cases WHERE id = @id", new { id = submitted.Id });
        Assert.Equal("Erika Mustermann", JsonNode.Parse(row.Data)!["halter"]!["name"]!.GetValue<string>());
        Assert.Equal("ordnungsamt", row.Department);
        var instance = await app.Services.GetRequiredService<ProcessService>().GetInstanceAsync(tenant.Id, row.Instance);
        Assert.Equal(submitted.Reference, instance!.BusinessKey);
        Assert.Equal("Erika Mustermann", instance.Variables["application"]!["halter"]!["name"]!.GetValue<string>());
        Assert.Equal(submitted.Reference, instance.Variables["case"]!["reference"]!.GetValue<string>());
        Assert.Equal(1, await app.QueryAsync<int>(
            "SELECT count(*)::int FROM audit_entries WHERE case_id = @id AND action = 'case.submitted' AND correlation_id = 'corr-1'", new { id = submitted.Id }));
    }

    [Fact]
    public async Task References_count_up_per_service_and_year()
    {
        var tenant = await MusterstadtAsync();
        var service = await ServiceAsync(tenant, "intake-zaehler") with { ReferenceCode = "ZAEHL" };

        var first = await Intake.SubmitAsync(Request(tenant, service, "A"), null);
        var second = await Intake.SubmitAsync(Request(tenant, service, "B"), null);

        Assert.EndsWith("-000001", first.Reference, StringComparison.Ordinal);
        Assert.EndsWith("-000002", second.Reference, StringComparison.Ordinal);
        Assert.StartsWith("MST-ZAEHL-", first.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_twice_with_same_key_concurrently_creates_one_case()
    {
        var tenant = await MusterstadtAsync();
        var service = await ServiceAsync(tenant, "intake-doppelt");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Intake.SubmitAsync(Request(tenant, service, "Max Mustermann", "schluessel-1", "hash-1"), null)));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(results, r => !r.Replayed);
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE idempotency_key = 'schluessel-1'"));
        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM process_instances WHERE process_id = 'intake-doppelt'"));
    }

    [Fact]
    public async Task The_same_key_with_other_content_is_refused_and_changes_nothing()
    {
        var tenant = await MusterstadtAsync();
        var service = await ServiceAsync(tenant, "intake-konflikt");
        await Intake.SubmitAsync(Request(tenant, service, "Max", "schluessel-2", "hash-a"), null);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            Intake.SubmitAsync(Request(tenant, service, "Moritz", "schluessel-2", "hash-b"), null));

        Assert.Equal(1, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE service_id = 'intake-konflikt'"));
    }

    [Fact]
    public async Task A_failing_process_start_leaves_no_case_behind()
    {
        var tenant = await MusterstadtAsync();
        var service = new IntakeService("intake-ohne-prozess", "1.0.0", "ordnungsamt", "FEHL", "gibt-es-nicht", null);

        await Assert.ThrowsAsync<ProcessCommandException>(() => Intake.SubmitAsync(Request(tenant, service, "Max"), null));

        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM cases WHERE service_id = 'intake-ohne-prozess'"));
        Assert.Equal(0, await app.QueryAsync<int>("SELECT count(*)::int FROM audit_entries a JOIN cases c ON c.id = a.case_id WHERE c.service_id = 'intake-ohne-prozess'"));
    }
}
