using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Tenancy;

namespace Rathaus.CatalogModule;

/// <summary>
/// The catalog (Leistungskatalog): every enabled service of the tenant and the services its county handles, grouped
/// by OZG topic field, searchable with <c>?q=</c> in the current language. A GET form: works without JavaScript and
/// every search has its own address.
/// </summary>
public sealed class CatalogIndexModel(CurrentTenant current, IServiceCatalog catalog, IOptions<TenancyOptions> tenancy) : PageModel
{
    public sealed record TopicGroup(string Topic, IReadOnlyList<CatalogEntry> Entries);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<TopicGroup> Groups { get; private set; } = [];

    public int Count { get; private set; }

    public bool CatalogEmpty { get; private set; }

    public string? SearchWords => CatalogSearch.Words(Query) is { Count: > 0 } words ? string.Join(' ', words) : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        var all = await catalog.ListAsync(current.Required.Id, culture, ct);
        CatalogEmpty = all.Count == 0;
        var found = CatalogSearch.Filter(all, Query, culture);
        Count = found.Count;
        Groups = ServiceTopics.All
            .Select(topic => new TopicGroup(topic, found.Where(e => e.Service.Topic == topic).ToList()))
            .Where(g => g.Entries.Count > 0)
            .ToList();
    }

    /// <summary>The entry's page: here for the tenant's own services, at the county for the county's.</summary>
    public string PageUrl(CatalogEntry entry) =>
        entry.HandledBy is { } county
            ? TenantLinks.PageUrl(Request, current.Required, county, $"/leistungen/{entry.Id}", tenancy.Value)
            : $"{Request.PathBase}/leistungen/{entry.Id}";
}
