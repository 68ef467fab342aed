using Microsoft.Extensions.Options;
using Npgsql;
using Rathaus.Platform.Configuration;

namespace Rathaus.Platform.Database;

/// <summary>What the node knows about its database; read by the readiness check.</summary>
public sealed class DatabaseState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool MigrationsApplied => _ready.Task.IsCompletedSuccessfully;

    public string? LastError { get; set; }

    /// <summary>Completes once migrations are applied (and the demo seeded, where configured).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes once the schema and the application's role exist (before any seeding).</summary>
    public Task Migrated => _migrated.Task;

    internal void MarkMigrated() => _migrated.TrySetResult();

    internal void MarkReady() => _ready.TrySetResult();

    internal void MarkFailed(Exception e) => _ready.TrySetException(e);
}

/// <summary>
/// Applies migrations once the database answers, retrying with back-off meanwhile, so that a node can
/// start before its database and report itself not ready until then.
/// </summary>
public sealed class DatabaseInitializer(
    RathausDataSources dataSources,
    MigrationRunner migrations,
    DatabaseState state,
    IOptions<DatabaseOptions> options,
    IEnumerable<IDatabaseSeeder> seeders,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await migrations.ApplyAsync(dataSources.Owner, options.Value.AppPassword, stoppingToken);
                state.MarkMigrated();
                foreach (var seeder in seeders)
                {
                    await seeder.SeedAsync(stoppingToken);
                }
                state.LastError = null;
                state.MarkReady();
                logger.LogInformation("Database ready: migrations applied");
                return;
            }
            catch (MigrationChecksumException e)
            {
                logger.LogCritical("Rathaus cannot start: {Reason}", e.Message);
                state.LastError = e.Message;
                state.MarkFailed(e);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (PostgresException e) when (!Web.DatabaseUnavailableMiddleware.IsTransient(e))
            {
                logger.LogCritical(e, "Rathaus cannot start: the database refused the schema set-up: {Reason}", e.MessageText);
                state.LastError = e.MessageText;
                state.MarkFailed(e);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                var host = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
                state.LastError = $"database {host.Host}:{host.Port} not reachable: {e.Message}";
                logger.LogWarning("Database {Host}:{Port} not reachable ({Error}); retrying in {Delay} s",
                    host.Host, host.Port, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }
}

/// <summary>Fills an empty database with data once migrations are applied (the demo).</summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(CancellationToken ct);
}
