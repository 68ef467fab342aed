using System.Collections.Concurrent;
using Rathaus.CatalogModule;
using Rathaus.Forms;

namespace Rathaus.Workbench;

/// <summary>
/// The task forms of installed service packages, parsed once per node: a package version never changes once
/// installed, so a form is kept by the package hash and its key.
/// </summary>
public sealed class TaskFormCache(IServiceCatalog catalog)
{
    private readonly ConcurrentDictionary<(string Sha256, string Key), FormDefinition> _forms = new();

    /// <summary>The form a task names, from the package version its case was filed under; null when that package has none by this key.</summary>
    public async Task<FormDefinition?> FindAsync(Guid tenantId, string serviceId, string version, string formKey, CancellationToken ct = default)
    {
        var installed = await catalog.GetVersionAsync(tenantId, serviceId, version, ct);
        if (installed is null || !installed.TaskForms.TryGetValue(formKey, out var json))
        {
            return null;
        }
        return _forms.GetOrAdd((installed.PackageSha256, formKey), _ => FormDefinition.Parse(json));
    }
}
