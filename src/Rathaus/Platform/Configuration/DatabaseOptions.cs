using Microsoft.Extensions.Options;
using Npgsql;

namespace Rathaus.Platform.Configuration;

/// <summary>Where the database is and how the application reaches it.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string of the schema owner; migrations and operator commands use it.
    /// Environment variable <c>RATHAUS_DB</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Connection string for the application role; derived from <see cref="ConnectionString"/>
    /// with user <c>rathaus_app</c> and <see cref="AppPassword"/> when empty.</summary>
    public string AppConnectionString { get; set; } = "";

    /// <summary>Password of the <c>rathaus_app</c> role; set on the role by the migration run.</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>The role the application connects as. It owns no table, so row-level security applies.</summary>
    public const string AppRole = "rathaus_app";

    public string EffectiveAppConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(AppConnectionString))
        {
            return AppConnectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Username = AppRole,
            Password = string.IsNullOrEmpty(AppPassword) ? null : AppPassword,
        };
        return builder.ConnectionString;
    }
}

internal sealed class DatabaseOptionsValidation : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Setting 'Database:ConnectionString' (environment variable RATHAUS_DB) is missing: " +
                "give an Npgsql connection string, e.g. 'Host=127.0.0.1;Port=5432;Database=rathaus;Username=rathaus'.");
        }
        var failures = new List<string>();
        foreach (var (setting, value) in new[]
                 {
                     ("Database:ConnectionString", options.ConnectionString),
                     ("Database:AppConnectionString", options.AppConnectionString),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(value);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    failures.Add($"Setting '{setting}' names no Host.");
                }
            }
            catch (ArgumentException e)
            {
                failures.Add($"Setting '{setting}' is not a valid Npgsql connection string: {e.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
