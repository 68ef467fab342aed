using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Processes;

/// <summary>
/// Job acquisition under a schema owner that is no superuser, as in production: the acquisition function sees every
/// tenant's jobs, the application role by itself still sees none.
/// </summary>
public sealed class JobAcquisitionTests(NonSuperuserOwnerDatabase database) : IClassFixture<NonSuperuserOwnerDatabase>
{
    [Fact]
    public async Task Acquisition_locks_due_jobs_of_every_tenant_while_the_application_role_sees_no_foreign_row()
    {
        await using (var owner = NpgsqlDataSource.Create(database.ConnectionString(database.Role)))
        {
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(owner, "", CancellationToken.None);
            await using var c = await owner.OpenConnectionAsync();
            var tenants = new[] { (Guid.NewGuid(), "stadt-a", "09999201"), (Guid.NewGuid(), "stadt-b", "09999202") };
            foreach (var (id, slug, ags) in tenants)
            {
                await using var tx = await c.BeginTransactionAsync();
                await c.ExecuteAsync("INSERT INTO tenants (id, slug, kind, ags, name) VALUES (@id, @slug, 'stadt', @ags, @slug)", new { id, slug, ags }, tx);
                await c.ExecuteAsync("SELECT set_config('rathaus.tenant_id', @tenant, true)", new { tenant = id.ToString() }, tx);
                var definition = Guid.NewGuid();
                await c.ExecuteAsync("""
                    INSERT INTO process_definitions (id, tenant_id, process_id, version, xml, xml_sha256, deployed_at)
                    VALUES (@definition, @id, 'p', 1, '<x/>', 'h', now());
                    INSERT INTO process_instances (id, tenant_id, definition_id, process_id, process_version, status, state, revision, started_at, updated_at)
                    VALUES (@slug, @id, @definition, 'p', 1, 'active', '{}', 1, now(), now());
                    INSERT INTO process_jobs (id, tenant_id, instance_id, kind, element_id, type, due_at, retries, created_at)
                    VALUES ('job-' || @slug, @id, @slug, 'job', 'task', 'work', now() - interval '1 minute', 3, now());
                    """, new { definition, id, slug }, tx);
                await tx.CommitAsync();
            }
        }

        await using var app = new NpgsqlConnection(database.ConnectionString("rathaus_app"));
        await app.OpenAsync();
        var visibleWithoutTenant = await app.ExecuteScalarAsync<long>("SELECT count(*) FROM process_jobs");
        var acquired = (await app.QueryAsync<(string Id, Guid TenantId)>(
            "SELECT id, tenant_id FROM rathaus_acquire_process_jobs('node-a', now(), now() + interval '5 minutes', 10, '{work}')")).ToList();
        var again = await app.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM rathaus_acquire_process_jobs('node-b', now(), now() + interval '5 minutes', 10, '{work}')");
        var stolen = await app.ExecuteAsync("UPDATE process_jobs SET lock_owner = 'thief'");
        var rewriteHistory = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteAsync("DELETE FROM process_history"));

        Assert.Equal(0, visibleWithoutTenant);
        Assert.Equal(["job-stadt-a", "job-stadt-b"], acquired.Select(j => j.Id).Order());
        Assert.Equal(2, acquired.Select(j => j.TenantId).Distinct().Count());
        Assert.Equal(0, again);
        Assert.Equal(0, stolen);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, rewriteHistory.SqlState);
    }
}
