namespace Rathaus.Platform.Tenancy;

/// <summary>Links to another tenant's pages, in the form by which the current request named its own tenant.</summary>
public static class TenantLinks
{
    /// <summary>
    /// The address of <paramref name="path"/> (starting with '/') at <paramref name="target"/>: <c>/t/{slug}/…</c>
    /// when the current request came with a path prefix, otherwise the target's own host name or
    /// <c>{slug}.{BaseDomain}</c> (keeping the current port, as in development).
    /// </summary>
    public static string PageUrl(HttpRequest request, Tenant current, Tenant target, string path, TenancyOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var pathBase = request.PathBase.Value ?? "";
        var prefix = "/t/" + current.Slug;
        if (options.ByPath && pathBase.EndsWith(prefix, StringComparison.Ordinal))
        {
            return pathBase[..^prefix.Length] + "/t/" + target.Slug + path;
        }
        if (options.ByHost)
        {
            if (target.HostNames.Count > 0)
            {
                return $"{request.Scheme}://{target.HostNames[0]}{pathBase}{path}";
            }
            var port = request.Host.Port is { } p && !(p == 80 && request.Scheme == "http") && !(p == 443 && request.Scheme == "https")
                ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "";
            return $"{request.Scheme}://{target.Slug}.{options.BaseDomain}{port}{pathBase}{path}";
        }
        return pathBase + "/t/" + target.Slug + path;
    }
}
