using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Tenancy;

namespace Rathaus.CatalogModule;

/// <summary>Where to go next from a service.</summary>
/// <param name="Self">This service in the API.</param>
/// <param name="Page">The catalog page for citizens (at the county for a service the county handles).</param>
/// <param name="Form">The form definition, when citizens apply here online.</param>
/// <param name="Apply">The portal page to apply, when citizens apply here online.</param>
public sealed record ServiceLinks(string Self, string Page, string? Form, string? Apply);

/// <summary>The county that handles a service shown in a town's catalog.</summary>
/// <param name="Slug">The county's tenant name.</param>
/// <param name="Name">E.g. "Landkreis Musterkreis".</param>
/// <param name="Page">The service's page in the county's catalog.</param>
public sealed record ServiceHandledBy(string Slug, string Name, string Page);

/// <summary>A service in the list of <c>GET /api/v1/services</c>.</summary>
public sealed record ServiceSummary(
    string Id, string Version, LocalizedText Name, LocalizedText Summary, string Topic, string Jurisdiction, string AssuranceLevel,
    bool OnlineApplication, ServiceHandledBy? HandledBy, ServiceLinks Links);

/// <summary>A service with its full metadata (service.json of the current version).</summary>
public sealed record ServiceDetail(ServiceMetadata Service, ServiceHandledBy? HandledBy, ServiceLinks Links);

/// <summary><c>/api/v1/services</c>: the tenant's catalog for state portals and other front ends; anonymous, read only.</summary>
public static class CatalogApi
{
    private const string ProblemType = "https://rathaus.example/probleme/leistungen/";

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/services").WithTags("Services").AllowAnonymous();
        api.MapGet("/", ListAsync)
            .WithName("ListServices")
            .WithSummary("The services of the municipality's catalog, including those its county handles; optionally searched (q, in the request's language) or of one OZG topic field.");
        api.MapGet("/{id}", GetAsync)
            .WithName("GetService")
            .WithSummary("The full metadata of a service's current version (service.json), who handles it, and links.");
        api.MapGet("/{id}/form", GetFormAsync)
            .WithName("GetServiceForm")
            .WithSummary("The form definition (form.json, docs/forms.md) of a service citizens apply for online here.");
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ServiceSummary>>, ProblemHttpResult>> ListAsync(
        string? q, string? topic, HttpRequest request, CurrentTenant tenant, IServiceCatalog catalog, IOptions<TenancyOptions> tenancy, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        var culture = CultureInfo.CurrentUICulture;
        var entries = CatalogSearch.Filter(await catalog.ListAsync(t.Id, culture, ct), q, culture);
        IReadOnlyList<ServiceSummary> list = entries
            .Where(e => string.IsNullOrEmpty(topic) || e.Service.Topic == topic)
            .Select(e =>
            {
                var (handledBy, links) = Links(e, request, t, tenancy.Value);
                var s = e.Service;
                return new ServiceSummary(s.Id, s.Version, s.Name, s.Summary, s.Topic, s.Jurisdiction, s.AssuranceLevel, s.OnlineApplication, handledBy, links);
            }).ToList();
        return TypedResults.Ok(list);
    }

    internal static async Task<Results<Ok<ServiceDetail>, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, CurrentTenant tenant, IServiceCatalog catalog, IOptions<TenancyOptions> tenancy, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        if (await catalog.FindAsync(t.Id, id, ct) is not { } entry)
        {
            return NotFound(id, t);
        }
        var (handledBy, links) = Links(entry, request, t, tenancy.Value);
        return TypedResults.Ok(new ServiceDetail(entry.Service, handledBy, links));
    }

    internal static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetFormAsync(
        string id, HttpRequest request, CurrentTenant tenant, IServiceCatalog catalog, IOptions<TenancyOptions> tenancy, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return NoTenant();
        }
        var entry = await catalog.FindAsync(t.Id, id, ct);
        if (entry is null)
        {
            return NotFound(id, t);
        }
        if (entry.HandledBy is { } county)
        {
            var (handledBy, _) = Links(entry, request, t, tenancy.Value);
            return TypedResults.Problem(
                title: Text("Diese Leistung erbringt eine andere Behörde.", "Another authority handles this service."),
                detail: Text($"{county.Name} erbringt die Leistung {id}; ihr Formular steht dort bereit: {handledBy!.Page}",
                    $"{county.Name} handles the service {id}; its form is available there: {handledBy!.Page}"),
                statusCode: StatusCodes.Status404NotFound, type: ProblemType + "andere-behoerde",
                extensions: new Dictionary<string, object?> { ["handledBy"] = handledBy });
        }
        var installed = await catalog.GetCurrentAsync(t.Id, id, ct);
        if (installed?.FormJson is not { } form)
        {
            return TypedResults.Problem(
                title: Text("Für diese Leistung gibt es keinen Online-Antrag.", "This service has no online application."),
                detail: Text($"Die Leistung {id} wird nicht online beantragt; die Beschreibung sagt, wo.",
                    $"The service {id} is not applied for online; its description says where."),
                statusCode: StatusCodes.Status404NotFound, type: ProblemType + "kein-online-antrag");
        }
        using var document = JsonDocument.Parse(form);
        return TypedResults.Ok(document.RootElement.Clone());
    }

    private static (ServiceHandledBy? HandledBy, ServiceLinks Links) Links(CatalogEntry entry, HttpRequest request, Tenant tenant, TenancyOptions tenancy)
    {
        var pathBase = request.PathBase.Value ?? "";
        var self = $"{pathBase}/api/v1/services/{entry.Id}";
        if (entry.HandledBy is { } county)
        {
            var page = TenantLinks.PageUrl(request, tenant, county, $"/leistungen/{entry.Id}", tenancy);
            return (new ServiceHandledBy(county.Slug, county.Name, page), new ServiceLinks(self, page, null, null));
        }
        var apply = entry.CanApplyHere;
        return (null, new ServiceLinks(self, $"{pathBase}/leistungen/{entry.Id}", apply ? self + "/form" : null, apply ? $"{pathBase}/leistungen/{entry.Id}/antrag" : null));
    }

    private static ProblemHttpResult NotFound(string id, Tenant tenant) => TypedResults.Problem(
        title: Text("Diese Leistung gibt es im Katalog nicht.", "There is no such service in the catalog."),
        detail: Text($"Im Leistungskatalog von {tenant.Name} gibt es keine Leistung „{id}“.", $"The catalog of {tenant.Name} has no service '{id}'."),
        statusCode: StatusCodes.Status404NotFound, type: ProblemType + "nicht-gefunden");

    private static ProblemHttpResult NoTenant() => TypedResults.Problem(
        title: Text("Keine Kommune angegeben.", "No municipality given."), statusCode: StatusCodes.Status404NotFound, type: ProblemType + "mandant");

    private static string Text(string german, string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? english : german;
}
