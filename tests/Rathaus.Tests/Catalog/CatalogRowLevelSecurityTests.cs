using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary>Through the application's role: a tenant's installed packages are its own; a town reads only its county's public entries.</summary>
[Collection(CatalogTests.Name)]
public sealed class CatalogRowLevelSecurityTests(CatalogFixture fixture)
{
    private RathausApp App => fixture.App;

    private Db Db => App.Services.GetRequiredService<Db>();

    private async Task<Guid> TenantIdAsync(string slug)
    {
        await using var c = await App.Services.GetRequiredService<RathausDataSources>().App.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM tenants WHERE slug = @slug", new { slug });
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_packages_and_catalog_entries()
    {
        var musterstadt = await TenantIdAsync("musterstadt");

        var packages = await Db.InTenantAsync(musterstadt, async (c, tx) =>
            (await c.QueryAsync<(Guid Tenant, string Service)>("SELECT tenant_id, service_id FROM service_packages", transaction: tx)).ToList());
        var entries = await Db.InTenantAsync(musterstadt, async (c, tx) =>
            (await c.QueryAsync<Guid>("SELECT DISTINCT tenant_id FROM catalog_entries", transaction: tx)).ToList());
        var withoutTenant = await Db.InPlatformAsync((c, tx) =>
            c.ExecuteScalarAsync<long>("SELECT (SELECT count(*) FROM service_packages) + (SELECT count(*) FROM catalog_entries) + (SELECT count(*) FROM rathaus_county_catalog())", transaction: tx));

        Assert.Equal([musterstadt], packages.Select(p => p.Tenant).Distinct());
        Assert.Equal(["kat-elterngeld", "kat-hund", "kat-sperrmuell"], packages.Select(p => p.Service).Order());
        Assert.Equal([musterstadt], entries);
        Assert.Equal(0, withoutTenant);
    }

    [Fact]
    public async Task A_town_reads_exactly_its_county_s_enabled_county_services_and_nothing_else_of_them()
    {
        var musterstadt = await TenantIdAsync("musterstadt");
        var beispielheim = await TenantIdAsync("beispielheim");
        var musterkreis = await TenantIdAsync("musterkreis");

        async Task<List<string>> CountyCatalogAsync(Guid tenant) => await Db.InTenantAsync(tenant, async (c, tx) =>
            (await c.QueryAsync<string>("SELECT service_id FROM rathaus_county_catalog() ORDER BY service_id", transaction: tx)).ToList());
        var columns = await Db.InTenantAsync(musterstadt, async (c, tx) =>
        {
            await using var reader = await c.ExecuteReaderAsync("SELECT * FROM rathaus_county_catalog()", transaction: tx);
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        });

        Assert.Equal(["kat-bauantrag"], await CountyCatalogAsync(musterstadt));
        Assert.Equal(["kat-bauantrag"], await CountyCatalogAsync(beispielheim));
        Assert.Empty(await CountyCatalogAsync(musterkreis));
        Assert.Equal(["county_id", "service_id", "version", "service"], columns);
    }

    [Fact]
    public async Task The_application_role_cannot_write_the_catalog()
    {
        var musterstadt = await TenantIdAsync("musterstadt");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Db.InTenantAsync(musterstadt, (c, tx) =>
            c.ExecuteAsync("UPDATE catalog_entries SET enabled = false", transaction: tx)));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
