using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Tenancy;

namespace Rathaus.CatalogModule;

/// <summary>
/// One service: what it is, what it costs, what to bring, how long it takes, the law, who is responsible, what sign-in
/// it needs, and the way to apply (online here, at the county, or at another authority).
/// </summary>
public sealed class CatalogDetailModel(CurrentTenant current, IServiceCatalog catalog, Departments departments, IOptions<TenancyOptions> tenancy) : PageModel
{
    /// <summary>Fees are in euros and shown in German notation in both languages (25,00 €).</summary>
    public static CultureInfo Money { get; } = CultureInfo.GetCultureInfo("de-DE");

    public CatalogEntry Entry { get; private set; } = null!;

    public ServiceMetadata Service => Entry.Service;

    /// <summary>The tenant's department that handles the service; null when another authority does.</summary>
    public Department? Department { get; private set; }

    /// <summary>The service's page at the county, for a service the county handles.</summary>
    public string? CountyPageUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var tenant = current.Required;
        if (await catalog.FindAsync(tenant.Id, id, ct) is not { } entry)
        {
            return NotFound();
        }
        Entry = entry;
        if (entry.HandledBy is { } county)
        {
            CountyPageUrl = TenantLinks.PageUrl(Request, tenant, county, $"/leistungen/{entry.Id}", tenancy.Value);
        }
        else if (!entry.Service.HandledElsewhere)
        {
            Department = (await departments.ListAsync(tenant.Id, ct)).FirstOrDefault(d => d.Key == entry.Service.Department);
        }
        return Page();
    }

    /// <summary>The description's paragraphs (separated by blank lines in service.json).</summary>
    public IEnumerable<string> Paragraphs(CultureInfo culture) =>
        Service.Description.In(culture).ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
