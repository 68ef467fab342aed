using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private static MigrationRunner Runner => new(NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task Applying_migrations_twice_changes_nothing()
    {
        await using var owner = NpgsqlDataSource.Create(_database.ConnectionString);
        var first = await Runner.ApplyAsync(owner, "", CancellationToken.None);
        var schemaAfterFirst = await SchemaAsync(owner);

        var second = await Runner.ApplyAsync(owner, "", CancellationToken.None);

        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, await SchemaAsync(owner));
        await using var c = await owner.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Embedded.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Nodes_starting_at_once_apply_each_migration_exactly_once()
    {
        await using var owner = NpgsqlDataSource.Create(_database.ConnectionString);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner.ApplyAsync(owner, "", CancellationToken.None))));

        Assert.Equal(MigrationRunner.Embedded.Count, runs.Sum(r => r.Count));
        await using var c = await owner.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Embedded.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_changed_applied_migration_stops_the_start_and_names_the_file()
    {
        await using var owner = NpgsqlDataSource.Create(_database.ConnectionString);
        await Runner.ApplyAsync(owner, "", CancellationToken.None);
        await using (var c = await owner.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<MigrationChecksumException>(() => Runner.ApplyAsync(owner, "", CancellationToken.None));

        Assert.Contains(MigrationRunner.Embedded[0].Name, error.Message);
        Assert.Contains("changed after it was applied", error.Message);
    }

    [Fact]
    public async Task The_application_role_owns_nothing_and_cannot_bypass_row_level_security()
    {
        await using var owner = NpgsqlDataSource.Create(_database.ConnectionString);
        await Runner.ApplyAsync(owner, "", CancellationToken.None);
        await using var c = await owner.OpenConnectionAsync();

        var owned = await c.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'rathaus_app'");
        var role = await c.QuerySingleAsync<(bool Super, bool BypassRls)>("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'rathaus_app'");
        var tenantTablesWithoutPolicy = (await c.QueryAsync<string>("""
            SELECT t.relname FROM pg_class t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'tenant_id'
            WHERE t.relkind = 'r' AND t.relnamespace = 'public'::regnamespace
              AND (NOT t.relrowsecurity OR NOT t.relforcerowsecurity
                   OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = t.oid))
            """)).ToList();

        Assert.Equal(0, owned);
        Assert.False(role.Super);
        Assert.False(role.BypassRls);
        Assert.Empty(tenantTablesWithoutPolicy);
    }

    private static async Task<List<string>> SchemaAsync(NpgsqlDataSource owner)
    {
        await using var c = await owner.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT tablename || ':' || policyname FROM pg_policies
            UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1
            """)).ToList();
    }
}
