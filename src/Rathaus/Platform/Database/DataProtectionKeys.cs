using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Rathaus.Platform.Database;

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL, so that every node can read the cookies and
/// antiforgery tokens any other node issued, and a restarted node keeps its users signed in.
/// The key ring is first read while the node starts, which on a new database is before the schema and the
/// application's role exist; reading waits a little for them, so a first start reads an empty ring instead of
/// failing. A database that stays away fails as before, and the ring is read again on the next request.
/// </summary>
public sealed class DataProtectionKeys(RathausDataSources dataSources, DatabaseState state) : IXmlRepository
{
    private static readonly TimeSpan SchemaWait = TimeSpan.FromSeconds(15);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        state.Migrated.Wait(SchemaWait);
        using var connection = dataSources.App.OpenConnection();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSources.App.OpenConnection();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
