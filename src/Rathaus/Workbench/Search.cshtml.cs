using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Web;
using Rathaus.Records;

namespace Rathaus.Workbench;

/// <summary>
/// Search in the E-Akte (/verwaltung/suche?q=…&amp;seite=…): a GET form, so a search is a link. Caseworkers find the
/// documents of their departments' cases, records managers and tenant admins the whole tenant (docs/records.md,
/// "Search"). A search that cannot run shows its reason at the field, with status 400.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class SearchModel(RecordsSearch search, CurrentTenant current, IStringLocalizer<RecordsSearchText> text) : PageModel
{
    public FormErrors Errors { get; } = new();

    public SearchScope Scope { get; private set; } = null!;

    /// <summary>The query as typed, shown again in the field.</summary>
    public string? Query { get; private set; }

    public SearchResults? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? seite, CancellationToken ct)
    {
        Scope = SearchScope.For(User);
        Query = q;
        // An empty field sent is a search without words (an error); the page opened without a query is not.
        if (!Request.Query.ContainsKey("q") && seite is null)
        {
            return Page();
        }
        try
        {
            Results = await search.SearchAsync(current.Required.Id, Scope, q, RecordsSearch.ParsePage(seite), HttpContext.TraceIdentifier, ct);
        }
        catch (SearchQueryException e)
        {
            Errors.Add("q", text["Error." + e.Code, RecordsSearch.MaxQueryLength, RecordsSearch.MaxPage]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary>Where a hit leads: the document in the case view for caseworkers, its content in the E-Akte for the records office.</summary>
    public string LinkTo(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return !Scope.WholeTenant && hit.CaseId is { } caseId
            ? $"{Request.PathBase}/verwaltung/vorgaenge/{caseId}/dokumente/{hit.DocumentId}"
            : $"{Request.PathBase}/api/v1/records/documents/{hit.DocumentId}/content";
    }

    public string? CaseLink(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return !Scope.WholeTenant && hit.CaseId is { } caseId ? $"{Request.PathBase}/verwaltung/vorgaenge/{caseId}" : null;
    }

    public string PageLink(int page) =>
        $"{Request.PathBase}/verwaltung/suche?q={Uri.EscapeDataString(Results?.Query ?? "")}&seite={page.ToString(CultureInfo.InvariantCulture)}";

    public string TypeName(string? type)
    {
        if (type is null)
        {
            return "";
        }
        var name = text["Type." + type];
        return name.ResourceNotFound ? type : name.Value;
    }

    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("d", CultureInfo.CurrentCulture);
}
