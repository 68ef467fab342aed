using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Tenancy;

/// <summary>The tenant of the current request, or none on the platform's own pages.</summary>
public sealed class CurrentTenant
{
    public Tenant? Tenant { get; set; }

    /// <summary>The tenant, for code that only runs within one; anything else is a programming error.</summary>
    public Tenant Required => Tenant ?? throw new InvalidOperationException("This request has no tenant.");
}

/// <summary>
/// Resolves the tenant from a <c>/t/{slug}</c> path prefix (moved into PathBase so every generated link keeps
/// it) or from the host name. A name that resolves to no tenant ends in a 404, never in another tenant's data.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, IOptions<TenancyOptions> options)
{
    private const string PathPrefix = "/t/";

    public async Task InvokeAsync(HttpContext context, TenantDirectory directory, CurrentTenant current)
    {
        var settings = options.Value;
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            // Rendering the error page of a request whose tenant did not resolve: render it as the platform's.
            await next(context);
            return;
        }
        var path = context.Request.Path;
        if (settings.ByPath && path.StartsWithSegments("/t", out var afterT) && afterT.HasValue)
        {
            var rest = afterT.Value!.TrimStart('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var slug = slash < 0 ? rest : rest[..slash];
            var tenant = IsSlug(slug) ? await directory.FindBySlugAsync(slug, context.RequestAborted) : null;
            if (tenant is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            current.Tenant = tenant;
            context.Request.PathBase = context.Request.PathBase.Add(PathPrefix.TrimEnd('/') + "/" + slug);
            context.Request.Path = slash < 0 ? "/" : "/" + rest[(slash + 1)..];
            await next(context);
            return;
        }

        if (settings.ByHost)
        {
            var host = context.Request.Host.Host.ToLowerInvariant();
            var baseDomain = "." + settings.BaseDomain.ToLowerInvariant();
            Tenant? tenant = null;
            var named = false;
            if (host.EndsWith(baseDomain, StringComparison.Ordinal) && host.Length > baseDomain.Length)
            {
                named = true;
                var slug = host[..^baseDomain.Length];
                tenant = IsSlug(slug) ? await directory.FindBySlugAsync(slug, context.RequestAborted) : null;
            }
            else if (!IsPlatformHost(host, settings))
            {
                named = true;
                tenant = await directory.FindByHostAsync(host, context.RequestAborted);
            }
            if (named && tenant is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            current.Tenant = tenant;
        }
        await next(context);
    }

    private static bool IsPlatformHost(string host, TenancyOptions settings) =>
        string.Equals(host, settings.BaseDomain, StringComparison.OrdinalIgnoreCase) || host is "localhost" or "127.0.0.1" or "[::1]" or "::1";

    private static bool IsSlug(string value) =>
        value.Length is >= 2 and <= 63 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
