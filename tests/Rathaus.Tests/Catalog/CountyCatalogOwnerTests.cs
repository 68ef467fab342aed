using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Catalog;

/// <summary>
/// The county catalog function under a schema owner that is no superuser, as in production, where row-level security
/// binds the owner too: a town reads its own county's public entries and nothing of any other tenant.
/// </summary>
public sealed class CountyCatalogOwnerTests(NonSuperuserOwnerDatabase database) : IClassFixture<NonSuperuserOwnerDatabase>
{
    [Fact]
    public async Task A_town_reads_its_county_s_public_entries_only_and_the_owner_sees_no_more_than_that()
    {
        var kreis = Guid.NewGuid();
        var stadt = Guid.NewGuid();
        var andererKreis = Guid.NewGuid();
        var andereStadt = Guid.NewGuid();
        long ownerSeesInTown;
        await using (var owner = NpgsqlDataSource.Create(database.ConnectionString(database.Role)))
        {
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(owner, "", CancellationToken.None);
            await using var c = await owner.OpenConnectionAsync();
            await c.ExecuteAsync("""
                INSERT INTO tenants (id, slug, kind, ags, name, county_id) VALUES
                    (@kreis, 'kreis-a', 'kreis', '09999000', 'Landkreis A', NULL),
                    (@andererKreis, 'kreis-b', 'kreis', '09998000', 'Landkreis B', NULL),
                    (@stadt, 'stadt-a', 'stadt', '09999001', 'Stadt A', @kreis),
                    (@andereStadt, 'stadt-b', 'stadt', '09998001', 'Stadt B', @andererKreis)
                """, new { kreis, stadt, andererKreis, andereStadt });
            foreach (var (tenant, service, jurisdiction, enabled) in new[]
                     {
                         (kreis, "bauantrag", "kreis", true), (kreis, "zulassung", "kreis", false), (kreis, "kreisintern", "gemeinde", true),
                         (andererKreis, "fremdkreis", "kreis", true), (stadt, "hund", "gemeinde", true), (andereStadt, "fremdstadt", "gemeinde", true),
                     })
            {
                await using var tx = await c.BeginTransactionAsync();
                await c.ExecuteAsync("SELECT set_config('rathaus.tenant_id', @tenant, true)", new { tenant = tenant.ToString() }, tx);
                await c.ExecuteAsync("""
                    INSERT INTO service_packages (id, tenant_id, service_id, version, service, form, process_id, process_version, templates, package_sha256, installed_at, installed_by)
                    VALUES (@id, @tenant, @service, '1.0.0', jsonb_build_object('id', @service, 'jurisdiction', @jurisdiction), '{"geheim": true}', 'p', 1,
                            '{"notice.de.hbs": "intern"}', repeat('a', 64), now(), 'test');
                    INSERT INTO catalog_entries (tenant_id, service_id, current_version, enabled, updated_at) VALUES (@tenant, @service, '1.0.0', @enabled, now());
                    """, new { id = Guid.NewGuid(), tenant, service, jurisdiction, enabled }, tx);
                await tx.CommitAsync();
            }
            await using var inTown = await c.BeginTransactionAsync();
            await c.ExecuteAsync("SELECT set_config('rathaus.tenant_id', @stadt, true)", new { stadt = stadt.ToString() }, inTown);
            ownerSeesInTown = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM service_packages", transaction: inTown);
        }

        await using var app = new NpgsqlConnection(database.ConnectionString("rathaus_app"));
        await app.OpenAsync();
        await using var town = await app.BeginTransactionAsync();
        await app.ExecuteAsync("SELECT set_config('rathaus.tenant_id', @stadt, true)", new { stadt = stadt.ToString() }, town);
        var county = (await app.QueryAsync<(Guid CountyId, string ServiceId)>("SELECT county_id, service_id FROM rathaus_county_catalog()", transaction: town)).ToList();
        var own = (await app.QueryAsync<string>("SELECT service_id FROM service_packages", transaction: town)).ToList();
        var foreignForms = await app.ExecuteScalarAsync<long>("SELECT count(*) FROM service_packages WHERE tenant_id <> @stadt", new { stadt }, town);

        Assert.Equal([(kreis, "bauantrag")], county);
        Assert.Equal(["hund"], own);
        Assert.Equal(0, foreignForms);
        // The owner, in a town's transaction, sees the town's row and its county's three: the policy that lets the
        // function read the county stops there (no other county, no other town).
        Assert.Equal(4, ownerSeesInTown);
    }
}
