using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rathaus.Platform.Database;

namespace Rathaus.Platform.Health;

/// <summary>Ready when the database answers and every migration is applied.</summary>
public sealed class DatabaseReadyCheck(RathausDataSources dataSources, DatabaseState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await dataSources.App.OpenConnectionAsync(timeout.Token);
            if (!state.MigrationsApplied || !await MigrationRunner.AllAppliedAsync(connection, timeout.Token))
            {
                return HealthCheckResult.Unhealthy("migrations not applied yet" + (state.LastError is null ? "" : ": " + state.LastError));
            }
            return HealthCheckResult.Healthy("database reachable, migrations applied");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("database not reachable: " + (state.LastError ?? e.Message));
        }
    }
}

public static class HealthModule
{
    private const string Ready = "ready";

    public static IServiceCollection AddRathausHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapRathausHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
