using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Web;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;

namespace Rathaus.DogTax;

/// <summary>
/// Dog tax (Hundesteuer): the tenant's statute, the register of taxed dogs with their tax tags, the job handler
/// <c>rathaus:dog-tax</c> and the tenant admin's API under <c>/api/v1/dog-tax</c>.
/// </summary>
public static class DogTaxModule
{
    public static IServiceCollection AddDogTax(this IServiceCollection services)
    {
        services.AddSingleton<DogTaxRegister>();
        services.AddJobHandler(DogTaxJobHandler.TaskType, sp => new DogTaxJobHandler(sp.GetRequiredService<DogTaxRegister>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Platform.Database.IDatabaseSeeder, DogTaxDemoSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapDogTaxApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/dog-tax").WithTags("DogTax").DisableAntiforgery();
        api.MapGet("/statutes", ListAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ListDogTaxStatutes")
            .WithSummary("The versions of the tenant's dog tax statute (Hundesteuersatzung), oldest first, in the import format.");
        api.MapPut("/statutes", ImportAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .Accepts<JsonObject>("application/json")
            .WithName("ImportDogTaxStatute")
            .WithSummary("Stores a version of the dog tax statute (JSON body, docs/services.md); a version with the same validFrom is replaced. A refused file lists every problem and changes nothing.");
        return endpoints;
    }

    internal static async Task<Results<Ok<JsonArray>, ProblemHttpResult>> ListAsync(CurrentTenant tenant, DogTaxRegister register, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return ImportProblems.NoTenant();
        }
        var statutes = await register.ListAsync(t.Id, ct);
        return TypedResults.Ok(new JsonArray([.. statutes.Select(s =>
        {
            var json = s.Statute.ToJson();
            json["importedAt"] = s.ImportedAt;
            json["importedBy"] = s.ImportedBy;
            return (JsonNode)json;
        })]));
    }

    internal static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, CurrentTenant tenant, DogTaxRegister register, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        if (tenant.Tenant is not { } t)
        {
            return ImportProblems.NoTenant();
        }
        var (body, problem) = await ImportProblems.ReadBodyAsync(request, ct);
        if (body is null)
        {
            return ImportProblems.Refused("hundesteuersatzung", [problem!]);
        }
        DogTaxStatute statute;
        try
        {
            statute = DogTaxStatuteReader.Read(body);
        }
        catch (DogTaxStatuteException e)
        {
            return ImportProblems.Refused("hundesteuersatzung", e.Problems);
        }
        await register.ImportAsync(t.Id, statute, "staff:" + (user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "?"), ct);
        return TypedResults.Ok(statute.ToJson());
    }
}
