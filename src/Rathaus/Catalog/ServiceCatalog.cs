using System.Globalization;
using System.Text.Json;
using Dapper;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;

namespace Rathaus.CatalogModule;

/// <summary>An installed version of a service package in one tenant (what the portal and cases work with).</summary>
/// <param name="Service">The metadata (service.json).</param>
/// <param name="Version">The package version, equal to <c>Service.Version</c>.</param>
/// <param name="Enabled">Whether the tenant's catalog shows the service; a disabled service takes no applications.</param>
/// <param name="FormJson">form.json as installed; null for an information-only entry.</param>
/// <param name="ProcessId">The BPMN process an application starts; null for an information-only entry.</param>
/// <param name="ProcessVersion">The deployed version of that process in this tenant.</param>
/// <param name="Templates">Notice and message templates by file name (e.g. <c>receipt.de.hbs</c>).</param>
/// <param name="PackageSha256">Hash of the package content.</param>
/// <param name="InstalledAt">When this version was installed.</param>
public sealed record InstalledService(
    ServiceMetadata Service,
    string Version,
    bool Enabled,
    string? FormJson,
    string? ProcessId,
    int? ProcessVersion,
    IReadOnlyDictionary<string, string> Templates,
    string PackageSha256,
    DateTimeOffset InstalledAt)
{
    /// <summary>Task forms of the package (forms/&lt;key&gt;.json as written) by form key; see <see cref="TaskForms"/>.</summary>
    public IReadOnlyDictionary<string, string> TaskForms { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>A service as a tenant's catalog shows it.</summary>
/// <param name="Service">The metadata of the current version.</param>
/// <param name="HandledBy">The county that handles it, for an entry of the county shown in a town's catalog; null for the tenant's own.</param>
public sealed record CatalogEntry(ServiceMetadata Service, Tenant? HandledBy)
{
    public string Id => Service.Id;

    public string Version => Service.Version;

    /// <summary>True when citizens apply for it online in this tenant's portal.</summary>
    public bool CanApplyHere => HandledBy is null && Service.OnlineApplication;
}

/// <summary>What other modules (portal, cases) read from the catalog. Reads run on the application's role, under row-level security.</summary>
public interface IServiceCatalog
{
    /// <summary>
    /// The tenant's own current version of a service, enabled or not; null when the tenant has not installed it
    /// (a county's service seen from a town is not the town's). Accept an application only when
    /// <see cref="InstalledService.Enabled"/> and <c>Service.OnlineApplication</c> are true.
    /// </summary>
    Task<InstalledService?> GetCurrentAsync(Guid tenantId, string serviceId, CancellationToken ct = default);

    /// <summary>A fixed installed version (a case filed under an older version still uses its form and templates).</summary>
    Task<InstalledService?> GetVersionAsync(Guid tenantId, string serviceId, string version, CancellationToken ct = default);

    /// <summary>
    /// The enabled entries citizens see in the tenant's catalog: its own and, for a town, those its county handles
    /// (jurisdiction <c>kreis</c>) unless the town has its own entry with that id; never an internal procedure. Sorted by name in <paramref name="culture"/>.
    /// </summary>
    Task<IReadOnlyList<CatalogEntry>> ListAsync(Guid tenantId, CultureInfo culture, CancellationToken ct = default);

    /// <summary>One entry as <see cref="ListAsync"/> shows it; null when it is not in the tenant's catalog.</summary>
    Task<CatalogEntry?> FindAsync(Guid tenantId, string serviceId, CancellationToken ct = default);
}

/// <summary>Reads the catalog tables of migration 0003 and the county catalog function.</summary>
public sealed class ServiceCatalog(Db db, TenantDirectory tenants) : IServiceCatalog
{
    private const string SelectPackage = """
        SELECT p.service::text AS service, p.version, coalesce(e.enabled AND e.current_version = p.version, false) AS enabled,
               p.form::text AS form, p.process_id, p.process_version, p.templates::text AS templates,
               p.task_forms::text AS task_forms, p.package_sha256, p.installed_at
        FROM service_packages p
        LEFT JOIN catalog_entries e ON e.tenant_id = p.tenant_id AND e.service_id = p.service_id
        """;

    public Task<InstalledService?> GetCurrentAsync(Guid tenantId, string serviceId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) => (await c.QuerySingleOrDefaultAsync<PackageRow>(new CommandDefinition($"""
            {SelectPackage}
            WHERE p.tenant_id = @tenantId AND p.service_id = @serviceId AND p.version = e.current_version
            """, new { tenantId, serviceId }, tx, cancellationToken: ct)))?.ToInstalled(), ct);

    public Task<InstalledService?> GetVersionAsync(Guid tenantId, string serviceId, string version, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) => (await c.QuerySingleOrDefaultAsync<PackageRow>(new CommandDefinition($"""
            {SelectPackage}
            WHERE p.tenant_id = @tenantId AND p.service_id = @serviceId AND p.version = @version
            """, new { tenantId, serviceId, version }, tx, cancellationToken: ct)))?.ToInstalled(), ct);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync(Guid tenantId, CultureInfo culture, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var entries = await ReadAsync(tenantId, null, ct);
        var comparer = StringComparer.Create(culture, CompareOptions.IgnoreCase);
        return entries.OrderBy(e => e.Service.Name.In(culture), comparer).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<CatalogEntry?> FindAsync(Guid tenantId, string serviceId, CancellationToken ct = default) =>
        (await ReadAsync(tenantId, serviceId, ct)).SingleOrDefault();

    private async Task<List<CatalogEntry>> ReadAsync(Guid tenantId, string? serviceId, CancellationToken ct)
    {
        var (own, county) = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var own = (await c.QueryAsync<string>(new CommandDefinition("""
                SELECT p.service::text
                FROM catalog_entries e
                JOIN service_packages p ON p.tenant_id = e.tenant_id AND p.service_id = e.service_id AND p.version = e.current_version
                WHERE e.tenant_id = @tenantId AND e.enabled AND (@serviceId::text IS NULL OR e.service_id = @serviceId)
                """, new { tenantId, serviceId }, tx, cancellationToken: ct))).ToList();
            var county = (await c.QueryAsync<(Guid CountyId, string Service)>(new CommandDefinition("""
                SELECT county_id, service::text FROM rathaus_county_catalog() WHERE (@serviceId::text IS NULL OR service_id = @serviceId)
                """, new { serviceId }, tx, cancellationToken: ct))).ToList();
            return (own, county);
        }, ct);

        // A department's internal procedure (hundesteuer) is no service citizens look for or apply to.
        var entries = own.Select(json => new CatalogEntry(ServiceMetadata.FromJson(json), null)).Where(e => !e.Service.Internal).ToList();
        if (county.Count > 0)
        {
            var countyTenant = await tenants.FindByIdAsync(county[0].CountyId, ct);
            if (countyTenant is not null)
            {
                var ownIds = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
                entries.AddRange(county.Select(r => ServiceMetadata.FromJson(r.Service))
                    .Where(s => !ownIds.Contains(s.Id) && !s.Internal)
                    .Select(s => new CatalogEntry(s, countyTenant)));
            }
        }
        return entries;
    }

    private sealed class PackageRow
    {
        public string Service { get; init; } = "";
        public string Version { get; init; } = "";
        public bool Enabled { get; init; }
        public string? Form { get; init; }
        public string? ProcessId { get; init; }
        public int? ProcessVersion { get; init; }
        public string Templates { get; init; } = "{}";
        public string TaskForms { get; init; } = "{}";
        public string PackageSha256 { get; init; } = "";
        public DateTimeOffset InstalledAt { get; init; }

        public InstalledService ToInstalled() => new(
            ServiceMetadata.FromJson(Service), Version, Enabled, Form, ProcessId, ProcessVersion,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Templates) ?? [], PackageSha256, InstalledAt)
        {
            TaskForms = JsonSerializer.Deserialize<Dictionary<string, string>>(TaskForms) ?? [],
        };
    }
}
