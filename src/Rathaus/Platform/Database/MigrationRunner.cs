using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Rathaus.Platform.Database;

/// <summary>A numbered SQL migration embedded in the assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>An applied migration whose file was changed afterwards; the start stops.</summary>
public sealed class MigrationChecksumException(string message) : Exception(message);

/// <summary>
/// Applies the embedded migrations in order, each in its own transaction, under an advisory lock so that
/// several nodes starting at once apply each migration exactly once.
/// </summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger)
{
    // Any fixed 64-bit number works; this one spells "rathaus" in ASCII.
    private const long AdvisoryLockKey = 0x72617468617573;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies what is missing and returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource owner, string appPassword, CancellationToken ct)
    {
        await using var connection = await owner.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await EnsureAppRoleAsync(connection, appPassword, ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                );
                GRANT SELECT ON schema_migrations TO rathaus_app
                """, cancellationToken: ct));
            var applied = (await connection.QueryAsync<(int Version, string Name, string Checksum)>(
                new CommandDefinition("SELECT version, name, checksum FROM schema_migrations", cancellationToken: ct)))
                .ToDictionary(m => m.Version);

            foreach (var known in applied.Values)
            {
                var migration = Embedded.FirstOrDefault(m => m.Version == known.Version);
                if (migration is null)
                {
                    throw new MigrationChecksumException(
                        $"The database has migration {known.Version} ({known.Name}) applied, which this version of Rathaus does not know. " +
                        "Start the newer version that applied it.");
                }
                if (migration.Checksum != known.Checksum)
                {
                    throw new MigrationChecksumException(
                        $"Migration {migration.Name} was changed after it was applied (applied checksum {known.Checksum}, file checksum {migration.Checksum}). " +
                        "Restore the original file and put the change into a new migration.");
                }
            }

            var appliedNow = new List<int>();
            foreach (var migration in Embedded.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    migration, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
                appliedNow.Add(migration.Version);
            }
            return appliedNow;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>Whether every embedded migration is recorded as applied.</summary>
    public static async Task<bool> AllAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: ct));
        if (!exists)
        {
            return false;
        }
        var versions = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
        return Embedded.All(m => versions.Contains(m.Version));
    }

    private static async Task EnsureAppRoleAsync(NpgsqlConnection connection, string appPassword, CancellationToken ct)
    {
        // Roles belong to the cluster, not the database; another database of the cluster may have made it.
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)",
            new { role = Configuration.DatabaseOptions.AppRole }, cancellationToken: ct));
        if (!exists)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"CREATE ROLE {Configuration.DatabaseOptions.AppRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
                    cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject || e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another database's migration run created it at the same moment.
            }
        }
        if (!string.IsNullOrEmpty(appPassword))
        {
            // ALTER ROLE takes no parameters; the password is quoted as a literal by the server's own function.
            var literal = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT quote_literal(@password)", new { password = appPassword }, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                $"ALTER ROLE {Configuration.DatabaseOptions.AppRole} PASSWORD {literal}", cancellationToken: ct));
        }
        var database = connection.Database;
        await connection.ExecuteAsync(new CommandDefinition(
            $"GRANT CONNECT ON DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" TO {Configuration.DatabaseOptions.AppRole}; " +
            $"GRANT USAGE ON SCHEMA public TO {Configuration.DatabaseOptions.AppRole}",
            cancellationToken: ct));
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "Rathaus.Platform.Database.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            // Embedded resource names of files starting with a digit get an underscore prefix.
            var fileName = name.TrimStart('_');
            var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, fileName, reader.ReadToEnd()));
        }
        var duplicates = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicates is not null)
        {
            throw new InvalidOperationException($"Two migrations share number {duplicates.Key}: {string.Join(", ", duplicates.Select(d => d.Name))}");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }
}
