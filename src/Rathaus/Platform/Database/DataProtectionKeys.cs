using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Rathaus.Platform.Database;

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL, so that every node can read the cookies and
/// antiforgery tokens any other node issued, and a restarted node keeps its users signed in.
/// </summary>
public sealed class DataProtectionKeys(RathausDataSources dataSources) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
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
