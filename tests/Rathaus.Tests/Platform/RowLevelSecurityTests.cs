using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

/// <summary>Through the application's own connection: a tenant sees only its rows, no tenant sees none.</summary>
public sealed class RowLevelSecurityTests(RathausApp app) : IClassFixture<RathausApp>
{
    private static readonly string[] TenantTables = ["departments", "staff_accounts", "department_members", "citizen_accounts"];

    private NpgsqlDataSource AppRole => app.Services.GetRequiredService<RathausDataSources>().App;

    private async Task<Guid> TenantIdAsync(string slug)
    {
        await using var c = await AppRole.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM tenants WHERE slug = @slug", new { slug });
    }

    [Fact]
    public async Task With_tenant_A_set_no_row_of_tenant_B_is_visible()
    {
        var musterstadt = await TenantIdAsync("musterstadt");
        var db = app.Services.GetRequiredService<Db>();

        foreach (var table in TenantTables)
        {
            var tenants = await db.InTenantAsync(musterstadt, async (c, tx) =>
                (await c.QueryAsync<Guid>($"SELECT DISTINCT tenant_id FROM {table}", transaction: tx)).ToList());
            Assert.Equal([musterstadt], tenants);
        }
    }

    [Fact]
    public async Task With_no_tenant_set_no_tenant_row_is_visible()
    {
        await using var c = await AppRole.OpenConnectionAsync();
        foreach (var table in TenantTables)
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table}"));
        }
        // The owner sees that the rows exist: the zero above is the policy, not an empty table.
        await using var owner = await app.Services.GetRequiredService<RathausDataSources>().Owner.OpenConnectionAsync();
        Assert.True(await owner.ExecuteScalarAsync<int>("SELECT count(*) FROM departments") > 4);
    }

    [Fact]
    public async Task The_tenant_setting_does_not_outlive_its_transaction_on_a_pooled_connection()
    {
        var musterstadt = await TenantIdAsync("musterstadt");
        var db = app.Services.GetRequiredService<Db>();
        await db.InTenantAsync(musterstadt, (c, tx) => c.ExecuteScalarAsync<int>("SELECT count(*) FROM departments", transaction: tx));

        var afterwards = await db.InPlatformAsync((c, tx) => c.ExecuteScalarAsync<int>("SELECT count(*) FROM departments", transaction: tx));

        Assert.Equal(0, afterwards);
    }

    [Fact]
    public async Task Writing_a_row_for_another_tenant_is_refused()
    {
        var musterstadt = await TenantIdAsync("musterstadt");
        var beispielheim = await TenantIdAsync("beispielheim");
        var db = app.Services.GetRequiredService<Db>();

        var error = await Assert.ThrowsAsync<PostgresException>(() => db.InTenantAsync(musterstadt, (c, tx) => c.ExecuteAsync(
            "INSERT INTO departments (id, tenant_id, key, name, kind) VALUES (@id, @beispielheim, 'fremd', 'Fremdes Amt', 'x')",
            new { id = Guid.NewGuid(), beispielheim }, tx)));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        var updated = await db.InTenantAsync(musterstadt, (c, tx) => c.ExecuteAsync(
            "UPDATE departments SET name = 'übernommen' WHERE tenant_id = @beispielheim", new { beispielheim }, tx));
        Assert.Equal(0, updated);
    }
}
