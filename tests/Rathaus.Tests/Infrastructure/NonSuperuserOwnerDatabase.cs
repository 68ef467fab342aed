using Dapper;
using Npgsql;

namespace Rathaus.Tests.Infrastructure;

/// <summary>
/// A fresh database owned by a role that is no superuser and may not bypass row-level security, as in production,
/// where the policies bind the schema owner too (the test server's own user is a superuser and would see everything).
/// </summary>
public sealed class NonSuperuserOwnerDatabase : IAsyncLifetime
{
    private readonly string _database = "rathaus_t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The owning role; it logs in without a password on the test server.</summary>
    public string Role { get; } = "rathaus_owner_" + Guid.NewGuid().ToString("N")[..10];

    public string ConnectionString(string user) =>
        new NpgsqlConnectionStringBuilder(TestDatabase.Server) { Database = _database, Username = user, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var server = new NpgsqlConnection(TestDatabase.Server);
        await server.OpenAsync();
        await server.ExecuteAsync($"CREATE ROLE {Role} LOGIN NOSUPERUSER NOBYPASSRLS CREATEROLE");
        await server.ExecuteAsync($"CREATE DATABASE {_database} OWNER {Role}");
    }

    public async Task DisposeAsync()
    {
        await using var server = new NpgsqlConnection(TestDatabase.Server);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await server.ExecuteAsync($"DROP ROLE IF EXISTS {Role}");
    }
}
