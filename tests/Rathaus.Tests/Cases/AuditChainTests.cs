using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Admin;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Tests.Infrastructure;
using Rathaus.Tests.Processes;

namespace Rathaus.Tests.Cases;

/// <summary>The audit trail is hash-chained per tenant; <c>./rathaus admin audit verify</c> finds a changed row.</summary>
public sealed class AuditChainTests(RathausApp app) : IClassFixture<RathausApp>
{
    private AuditChain Chain => app.Services.GetRequiredService<AuditChain>();

    private async Task<Tenant> TenantAsync(string slug) =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindBySlugAsync(slug))!;

    private async Task<Func<string, Task<Guid>>> SubmitterAsync(Tenant tenant)
    {
        var deployed = await app.Services.GetRequiredService<ProcessService>()
            .DeployAsync(tenant.Id, ProcessModels.OneUserTask("audit-" + tenant.Slug, "ordnungsamt"), "test");
        var service = new IntakeService("audit-" + tenant.Slug, "1.0.0", "ordnungsamt", "AUDIT", "audit-" + tenant.Slug, deployed.Definitions.Single().Version);
        var intake = app.Services.GetRequiredService<CaseIntake>();
        return async name => (await intake.SubmitAsync(new IntakeRequest(tenant, service, new JsonObject { ["name"] = name }, [], "api",
            new IntakeActor("api", "test-client", null), "corr-" + name, null, null), receipt: null)).Id;
    }

    private async Task<(int Exit, string Output, string Error)> VerifyAsync(string slug)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:ConnectionString", app.ConnectionString)])
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["admin", "audit", "verify", "--tenant", slug], output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Concurrent_submissions_and_chain_writers_leave_one_intact_chain_over_every_entry()
    {
        var tenant = await TenantAsync("musterstadt");
        var submit = await SubmitterAsync(tenant);

        var submissions = Enumerable.Range(0, 40).Select(i => submit($"Antrag {i}")).ToList();
        var writers = Enumerable.Range(0, 3).Select(async _ =>
        {
            for (var i = 0; i < 5; i++)
            {
                await Chain.ChainAsync(tenant.Id);
            }
        }).ToList();
        await Task.WhenAll(submissions.Cast<Task>().Concat(writers));
        var result = await VerifyAsync("musterstadt");

        var entries = await app.QueryAsync<long>("SELECT count(*) FROM audit_entries WHERE tenant_id = @id", new { id = tenant.Id });
        var links = await app.QueryAsync<long>("SELECT count(*) FROM audit_chain WHERE tenant_id = @id", new { id = tenant.Id });
        Assert.True(entries >= 40);
        Assert.Equal(entries, links);
        Assert.Equal(0, result.Exit);
        Assert.Contains($"intact: {entries} entries verified", result.Output);
    }

    [Fact]
    public async Task Changing_one_audit_row_as_superuser_makes_verify_fail_and_name_that_entry()
    {
        var tenant = await TenantAsync("beispielheim");
        var submit = await SubmitterAsync(tenant);
        var cases = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(await submit($"Fall {i}"));
        }
        var before = await VerifyAsync("beispielheim");
        var victim = await app.QueryAsync<long>("SELECT id FROM audit_entries WHERE case_id = @id", new { id = cases[2] });

        await using (var connection = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("SELECT set_config('rathaus.tenant_id', @t, true)", new { t = tenant.Id.ToString() }, tx);
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE audit_entries SET purpose = 'Neugier' WHERE id = @victim", new { victim }, tx));
            await tx.CommitAsync();
        }
        var after = await VerifyAsync("beispielheim");

        Assert.Equal(0, before.Exit);
        Assert.Equal(1, after.Exit);
        Assert.Contains($"Entry {victim} ", after.Error);
        Assert.Contains("has been changed", after.Error);
    }

    [Fact]
    public async Task The_application_can_neither_change_nor_delete_audit_entries_or_their_links()
    {
        var tenant = await TenantAsync("musterstadt");
        var submit = await SubmitterAsync(tenant);
        var caseId = await submit("Unveränderlich");
        await Chain.ChainAsync(tenant.Id);
        var db = app.Services.GetRequiredService<Db>();

        async Task<string?> RefusalAsync(string sql)
        {
            try
            {
                await db.InTenantAsync(tenant.Id, (c, tx) => c.ExecuteAsync(sql, new { caseId }, tx));
                return null;
            }
            catch (PostgresException e)
            {
                return e.SqlState;
            }
        }

        Assert.Equal("42501", await RefusalAsync("UPDATE audit_entries SET purpose = 'x' WHERE case_id = @caseId"));
        Assert.Equal("42501", await RefusalAsync("DELETE FROM audit_entries WHERE case_id = @caseId"));
        Assert.Equal("42501", await RefusalAsync("UPDATE audit_chain SET hash = hash WHERE entry_id IN (SELECT id FROM audit_entries WHERE case_id = @caseId)"));
        Assert.Equal("42501", await RefusalAsync("DELETE FROM audit_chain WHERE entry_id IN (SELECT id FROM audit_entries WHERE case_id = @caseId)"));
        Assert.Equal(0, (await VerifyAsync("musterstadt")).Exit);
    }
}
