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
public sealed class JobAcquisitionTests : IAsyncLifetime
{
    private readonly string _role = "rathaus_owner_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _database = "rathaus_t_" + Guid.NewGuid().ToString("N")[..16];

    private string ConnectionString(string user) =>
        new NpgsqlConnectionStringBuilder(TestDatabase.Server) { Database = _database, Username = user, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var server = new NpgsqlConnection(TestDatabase.Server);
        await server.OpenAsync();
        await server.ExecuteAsync($"CREATE ROLE {_role} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE");
        await server.ExecuteAsync($"CREATE DATABASE {_database} OWNER {_role}");
    }

    public async Task DisposeAsync()
    {
        await using var server = new NpgsqlConnection(TestDatabase.Server);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await server.ExecuteAsync($"DROP ROLE IF EXISTS {_role}");
    }

    [Fact]
    public async Task Acquisition_locks_due_jobs_of_every_tenant_while_the_application_role_sees_no_foreign_row()
    {
        await using (var owner = NpgsqlDataSource.Create(ConnectionString(_role)))
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

        await using var app = new NpgsqlConnection(ConnectionString("rathaus_app"));
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
