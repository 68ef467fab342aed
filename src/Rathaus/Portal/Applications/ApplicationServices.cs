using System.Collections.Concurrent;
using System.Globalization;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Forms;

namespace Rathaus.Portal.Applications;

/// <summary>A service as an application needs it: its metadata, its parsed form and the process it starts.</summary>
public sealed record ApplicationService(InstalledService Installed, FormDefinition? Form)
{
    public ServiceMetadata Metadata => Installed.Service;

    public string Id => Metadata.Id;

    public string Version => Installed.Version;

    public string Name(CultureInfo culture) => Metadata.Name.In(culture);

    /// <summary>The service as a case is filed under it.</summary>
    public IntakeService Intake => new(Id, Version, Metadata.Department, ReferenceCode, Installed.ProcessId, Installed.ProcessVersion);

    /// <summary>The service part of a case reference: the package's code, else the first letters of its id.</summary>
    public string ReferenceCode =>
        Metadata.CaseReferenceCode is { Length: > 0 } code
            ? code
            : new string(Id.Where(char.IsAsciiLetterOrDigit).Take(4).Select(char.ToUpperInvariant).ToArray());

    /// <summary>True when citizens may apply for it online in this tenant now.</summary>
    public bool TakesApplications => Installed.Enabled && Metadata.OnlineApplication && Form is not null && Installed.ProcessId is not null;
}

/// <summary>
/// Reads services from the catalog and keeps their parsed forms: a form version never changes once installed, so
/// it is parsed once per node (keyed by the package hash).
/// </summary>
public sealed class ApplicationServices(IServiceCatalog catalog)
{
    private readonly ConcurrentDictionary<string, FormDefinition> _forms = new(StringComparer.Ordinal);

    public async Task<ApplicationService?> FindAsync(Guid tenantId, string serviceId, string? version, CancellationToken ct)
    {
        var installed = version is null
            ? await catalog.GetCurrentAsync(tenantId, serviceId, ct)
            : await catalog.GetVersionAsync(tenantId, serviceId, version, ct);
        if (installed is null)
        {
            return null;
        }
        var form = installed.FormJson is { } json
            ? _forms.GetOrAdd(installed.PackageSha256, _ => FormDefinition.Parse(json))
            : null;
        return new ApplicationService(installed, form);
    }
}
