using Microsoft.AspNetCore.Localization;

namespace Rathaus.Platform.Localization;

/// <summary>German by default, English on request; the choice is kept in a cookie.</summary>
public static class LanguageSwitch
{
    public static readonly string[] Cultures = ["de", "en"];

    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        // A plain link, so that switching works without JavaScript; it only sets a preference.
        endpoints.MapGet("/sprache/{culture}", (HttpContext context, string culture, string? zurueck) =>
        {
            if (!Cultures.Contains(culture))
            {
                return Results.NotFound();
            }
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var back = zurueck is { Length: > 0 } && zurueck.StartsWith('/') && !zurueck.StartsWith("//", StringComparison.Ordinal) && !zurueck.StartsWith("/\\", StringComparison.Ordinal)
                ? zurueck
                : context.Request.PathBase + "/";
            return Results.LocalRedirect(back);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
