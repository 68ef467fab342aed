using Microsoft.Extensions.Options;
using Npgsql;
using Rathaus.Platform.Configuration;

namespace Rathaus.Platform.Database;

/// <summary>The two connection pools: the schema owner's (migrations only) and the application role's.</summary>
public sealed class RathausDataSources : IAsyncDisposable
{
    public RathausDataSources(IOptions<DatabaseOptions> options)
    {
        var settings = options.Value;
        Owner = NpgsqlDataSource.Create(settings.ConnectionString);
        App = NpgsqlDataSource.Create(Tuned(settings.EffectiveAppConnectionString()));
    }

    /// <summary>
    /// The application's statements are few and repeat all the time: Npgsql prepares the most used ones on each
    /// connection, which saves PostgreSQL parsing and planning them again for every command. No session state
    /// outlives a transaction (the tenant is set transaction-locally), so returning a connection to the pool needs no
    /// <c>DISCARD ALL</c>, which would also drop the prepared statements. Settings in the connection string win.
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToUpperInvariant();
        if (!given.Contains("AUTO PREPARE", StringComparison.Ordinal) && !given.Contains("AUTOPREPARE", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!given.Contains("RESET ON CLOSE", StringComparison.Ordinal) && !given.Contains("RESETONCLOSE", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    /// <summary>Owns the schema; used only to migrate and by operator commands.</summary>
    public NpgsqlDataSource Owner { get; }

    /// <summary>The application's role: owns nothing, so row-level security applies to every query.</summary>
    public NpgsqlDataSource App { get; }

    public async ValueTask DisposeAsync()
    {
        await Owner.DisposeAsync();
        await App.DisposeAsync();
    }
}
