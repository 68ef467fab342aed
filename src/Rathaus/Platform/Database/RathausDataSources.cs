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
        App = NpgsqlDataSource.Create(settings.EffectiveAppConnectionString());
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
