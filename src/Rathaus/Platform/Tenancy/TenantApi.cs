using Microsoft.AspNetCore.Http.HttpResults;

namespace Rathaus.Platform.Tenancy;

/// <summary>Public information about the tenant a request is addressed to.</summary>
public static class TenantApi
{
    /// <summary>What anyone may know about a municipality: name, key and address.</summary>
    public sealed record TenantInfo(string Slug, string Name, string Kind, string Ags, string Street, string PostalCode, string City,
        string Phone, string Email, string Website, string? County);

    public static IEndpointRouteBuilder MapTenantApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/tenant", GetCurrentAsync)
            .WithName("GetTenant")
            .WithTags("Tenancy")
            .WithSummary("The municipality or county the request is addressed to (by host name or /t/{slug} prefix).");
        return endpoints;
    }

    internal static async Task<Results<Ok<TenantInfo>, NotFound>> GetCurrentAsync(CurrentTenant current, TenantDirectory directory, CancellationToken ct)
    {
        if (current.Tenant is not { } t)
        {
            return TypedResults.NotFound();
        }
        var county = t.CountyId is { } id ? await directory.FindByIdAsync(id, ct) : null;
        return TypedResults.Ok(new TenantInfo(t.Slug, t.Name, Tenant.KindToDb(t.Kind), t.Ags, t.Street, t.PostalCode, t.City,
            t.Phone, t.Email, t.Website, county?.Name));
    }
}
