using Npgsql;

namespace Rathaus.Tests.Infrastructure;

/// <summary>
/// A fresh database on the throwaway PostgreSQL cluster that <c>./rathaus test</c> starts
/// (<c>RATHAUS_TEST_DB</c>), dropped again afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string Name { get; } = "rathaus_t_" + Guid.NewGuid().ToString("N")[..16];

    public static string Server =>
        Environment.GetEnvironmentVariable("RATHAUS_TEST_DB") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                "RATHAUS_TEST_DB is not set. Run the tests with ./rathaus test, which starts a throwaway PostgreSQL and sets it.");

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {Name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = Name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
