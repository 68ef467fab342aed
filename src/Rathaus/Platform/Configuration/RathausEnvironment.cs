namespace Rathaus.Platform.Configuration;

public static class RathausEnvironment
{
    /// <summary>
    /// Short environment variables for the settings an operator sets most: <c>RATHAUS_DB</c> for
    /// <c>Database:ConnectionString</c>; every other setting as <c>Section__Key</c>.
    /// </summary>
    public static IConfigurationBuilder AddRathausEnvironment(this IConfigurationBuilder configuration)
    {
        var db = Environment.GetEnvironmentVariable("RATHAUS_DB");
        if (!string.IsNullOrEmpty(db))
        {
            configuration.AddInMemoryCollection([new("Database:ConnectionString", db)]);
        }
        return configuration;
    }
}
