using System.Text.Json;
using Dapper;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;

namespace Rathaus.CatalogModule;

/// <summary>What installing a package did.</summary>
public enum InstallOutcome
{
    /// <summary>The service is new in the tenant's catalog.</summary>
    Installed,

    /// <summary>A higher version replaced the current one.</summary>
    Upgraded,

    /// <summary>The same version with the same content was installed already; nothing changed.</summary>
    Unchanged,
}

/// <summary>The result of an installation.</summary>
public sealed record InstallResult(InstallOutcome Outcome, string ServiceId, string Version, string? PreviousVersion, string? ProcessId, int? ProcessVersion);

/// <summary>A service in a tenant's catalog as the operator's <c>service list</c> shows it.</summary>
public sealed record InstalledPackageSummary(
    string ServiceId, string CurrentVersion, bool Enabled, string Name, string Jurisdiction, bool OnlineApplication,
    string? ProcessId, int? ProcessVersion, IReadOnlyList<string> Versions, DateTimeOffset InstalledAt, string InstalledBy);

/// <summary>
/// Installs service packages into a tenant's catalog (operator command line and demo; schema owner connection).
/// Refusals change nothing: a package is checked completely before anything is written, its process is deployed
/// through <see cref="ProcessService"/> in the same tenant, and catalog rows are written in one transaction.
/// </summary>
public sealed class ServicePackageInstaller(RathausDataSources sources, ProcessService processes, TimeProvider time)
{
    private readonly Db _owner = new(sources.Owner);

    /// <summary>
    /// Installs a package: new service, higher version (becomes current) or the same version with the same content
    /// (nothing happens). The same version with other content, a lower version and a missing department are refused.
    /// </summary>
    public async Task<InstallResult> InstallAsync(string tenantSlug, ServicePackage package, string installedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var tenantId = await TenantIdAsync(tenantSlug, ct);
        var service = package.Service;
        var version = PackageVersion.Parse(service.Version);

        // The owner's connection is not bound by row-level security in every set-up (a superuser is not), so every
        // statement names the tenant itself.
        return await _owner.InTenantAsync(tenantId, async (c, tx) =>
        {
            // Two installations of the same service at once would both pass the version checks below.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"service-package:{tenantId}:{service.Id}" }, tx, cancellationToken: ct));

            var installed = (await c.QueryAsync<(string Version, string Sha256)>(new CommandDefinition("""
                SELECT version, package_sha256 FROM service_packages WHERE tenant_id = @tenantId AND service_id = @serviceId
                """, new { tenantId, serviceId = service.Id }, tx, cancellationToken: ct))).ToList();
            var current = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
                SELECT current_version FROM catalog_entries WHERE tenant_id = @tenantId AND service_id = @serviceId
                """, new { tenantId, serviceId = service.Id }, tx, cancellationToken: ct));

            if (installed.FirstOrDefault(i => i.Version == service.Version) is { Version: not null } same)
            {
                if (same.Sha256 == package.Sha256)
                {
                    return new InstallResult(InstallOutcome.Unchanged, service.Id, service.Version, current, null, null);
                }
                throw new AdministrationException(
                    $"Service {service.Id} version {service.Version} is installed in {tenantSlug} already, with different content. " +
                    "Give the changed package a higher version in service.json.");
            }
            if (current is not null && version < PackageVersion.Parse(current))
            {
                throw new AdministrationException(
                    $"Service {service.Id} version {service.Version} is lower than the current version {current} in {tenantSlug}; nothing was installed.");
            }
            if (!service.HandledElsewhere)
            {
                var hasDepartment = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM departments WHERE tenant_id = @tenantId AND key = @key)",
                    new { tenantId, key = service.Department }, tx, cancellationToken: ct));
                if (!hasDepartment)
                {
                    throw new AdministrationException(
                        $"{tenantSlug} has no department '{service.Department}', which service {service.Id} names as responsible. Add it first: " +
                        $"./rathaus admin department add --tenant {tenantSlug} --key {service.Department} --name NAME");
                }
            }
            if (package.ProcessId is { } processId)
            {
                var others = (await c.QueryAsync<string>(new CommandDefinition("""
                    SELECT DISTINCT service_id FROM service_packages
                    WHERE tenant_id = @tenantId AND process_id = @processId AND service_id <> @serviceId
                    """, new { tenantId, processId, serviceId = service.Id }, tx, cancellationToken: ct))).ToList();
                if (others.Count > 0)
                {
                    throw new AdministrationException(
                        $"Process {processId} of service {service.Id} is the process of service {string.Join(", ", others)} in {tenantSlug} already; give it its own process id.");
                }
            }

            int? processVersion = null;
            if (package.ProcessXml is { } xml)
            {
                // Its own transaction on the application's role; the file was validated when the package was read.
                // Should the catalog rows below fail, the deployed version stays unused, and the same file deploys
                // to the same version again.
                var deployment = await processes.DeployAsync(tenantId, xml, installedBy, ct);
                processVersion = deployment.Definitions.Single(d => d.ProcessId == package.ProcessId).Version;
            }

            var now = time.GetUtcNow();
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO service_packages (id, tenant_id, service_id, version, service, form, process_id, process_version,
                                              templates, task_forms, package_sha256, installed_at, installed_by)
                VALUES (@id, @tenantId, @serviceId, @version, @service::jsonb, @form::jsonb, @processId, @processVersion,
                        @templates::jsonb, @taskForms::jsonb, @sha256, @now, @installedBy)
                """,
                new
                {
                    id = Guid.CreateVersion7(),
                    tenantId,
                    serviceId = service.Id,
                    version = service.Version,
                    service = package.ServiceJson,
                    form = package.FormJson,
                    processId = package.ProcessId,
                    processVersion,
                    templates = JsonSerializer.Serialize(package.Templates),
                    // Stored as text by key, exactly as written, like the templates: the workbench parses each once.
                    taskForms = JsonSerializer.Serialize(package.TaskForms),
                    sha256 = package.Sha256,
                    now,
                    installedBy,
                }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO catalog_entries (tenant_id, service_id, current_version, enabled, updated_at)
                VALUES (@tenantId, @serviceId, @version, true, @now)
                ON CONFLICT (tenant_id, service_id) DO UPDATE SET current_version = excluded.current_version, updated_at = excluded.updated_at
                """, new { tenantId, serviceId = service.Id, version = service.Version, now }, tx, cancellationToken: ct));
            return new InstallResult(current is null ? InstallOutcome.Installed : InstallOutcome.Upgraded,
                service.Id, service.Version, current, package.ProcessId, processVersion);
        }, ct);
    }

    /// <summary>The tenant's catalog with every installed version, by service id.</summary>
    public async Task<IReadOnlyList<InstalledPackageSummary>> ListAsync(string tenantSlug, CancellationToken ct = default)
    {
        var tenantId = await TenantIdAsync(tenantSlug, ct);
        return await _owner.InTenantAsync<IReadOnlyList<InstalledPackageSummary>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<SummaryRow>(new CommandDefinition("""
                SELECT e.service_id, e.current_version, e.enabled, p.service ->> 'jurisdiction' AS jurisdiction,
                       p.service -> 'name' ->> 'de' AS name, (p.service ->> 'onlineApplication')::boolean AS online_application,
                       p.process_id, p.process_version, p.installed_at, p.installed_by,
                       (SELECT array_agg(v.version ORDER BY v.installed_at) FROM service_packages v
                        WHERE v.tenant_id = e.tenant_id AND v.service_id = e.service_id) AS versions
                FROM catalog_entries e
                JOIN service_packages p ON p.tenant_id = e.tenant_id AND p.service_id = e.service_id AND p.version = e.current_version
                WHERE e.tenant_id = @tenantId
                ORDER BY e.service_id
                """, new { tenantId }, tx, cancellationToken: ct)))
            .Select(r => new InstalledPackageSummary(r.ServiceId, r.CurrentVersion, r.Enabled, r.Name, r.Jurisdiction, r.OnlineApplication,
                r.ProcessId, r.ProcessVersion, r.Versions, r.InstalledAt, r.InstalledBy)).ToList(), ct);
    }

    /// <summary>Shows or hides a service in the tenant's catalog; a hidden service takes no applications.</summary>
    public async Task SetEnabledAsync(string tenantSlug, string serviceId, bool enabled, CancellationToken ct = default)
    {
        var tenantId = await TenantIdAsync(tenantSlug, ct);
        var changed = await _owner.InTenantAsync(tenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE catalog_entries SET enabled = @enabled, updated_at = @now WHERE tenant_id = @tenantId AND service_id = @serviceId
            """, new { enabled, now = time.GetUtcNow(), tenantId, serviceId }, tx, cancellationToken: ct)), ct);
        if (changed == 0)
        {
            throw new AdministrationException($"Service {serviceId} is not installed in {tenantSlug}.");
        }
    }

    private async Task<Guid> TenantIdAsync(string slug, CancellationToken ct) =>
        await _owner.InPlatformAsync((c, tx) => c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM tenants WHERE slug = @slug", new { slug }, tx, cancellationToken: ct)), ct)
        ?? throw new AdministrationException($"There is no tenant '{slug}'.");

    private sealed class SummaryRow
    {
        public string ServiceId { get; init; } = "";
        public string CurrentVersion { get; init; } = "";
        public bool Enabled { get; init; }
        public string Jurisdiction { get; init; } = "";
        public string Name { get; init; } = "";
        public bool OnlineApplication { get; init; }
        public string? ProcessId { get; init; }
        public int? ProcessVersion { get; init; }
        public DateTimeOffset InstalledAt { get; init; }
        public string InstalledBy { get; init; } = "";
        public string[] Versions { get; init; } = [];
    }
}
