using System.Net.Sockets;
using Npgsql;

namespace Rathaus.Platform.Web;

/// <summary>
/// When the database cannot be reached, answer 503 with Retry-After instead of an error page with a stack
/// trace; clients and load balancers retry, and nothing was acknowledged.
/// </summary>
public sealed class DatabaseUnavailableMiddleware(RequestDelegate next, ILogger<DatabaseUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsUnavailable(e) && !context.Response.HasStarted)
        {
            logger.LogWarning("Database unavailable while serving {Path}: {Error}", context.Request.Path, e.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(
                title: "Service temporarily unavailable",
                detail: "The database cannot be reached at the moment. Please try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["correlationId"] = context.TraceIdentifier })
                .ExecuteAsync(context);
        }
    }

    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => IsTransient(p),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        NpgsqlException n when n.IsTransient => true,
        SocketException => true,
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };

    /// <summary>Connection failures (class 08), a server starting or shutting down (57P), too many connections.</summary>
    public static bool IsTransient(PostgresException e) =>
        e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
        e.SqlState == PostgresErrorCodes.TooManyConnections;
}
