using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Tenancy;

namespace Rathaus.Platform.Identity;

public static class IdentityModule
{
    public static IServiceCollection AddRathausIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RathausIdentityOptions>().Bind(configuration.GetSection(RathausIdentityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RathausIdentityOptions>, RathausIdentityOptionsValidation>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<CitizenRegistration>();

        services.AddAuthentication(AuthSchemes.Citizen)
            .AddCookie(AuthSchemes.Staff, o => Configure(o, "rathaus.staff", "/verwaltung/anmelden"))
            .AddCookie(AuthSchemes.Citizen, o => Configure(o, "rathaus.citizen", "/anmelden"))
            .AddCookie(AuthSchemes.Operator, o => Configure(o, "rathaus.operator", "/betrieb/anmelden"));
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Staff).Configure<IOptions<RathausIdentityOptions>>(Secure);
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Citizen).Configure<IOptions<RathausIdentityOptions>>(Secure);
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Operator).Configure<IOptions<RathausIdentityOptions>>(Secure);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.AddAuthenticationSchemes(AuthSchemes.Staff).RequireAuthenticatedUser())
            .AddPolicy(Policies.TenantAdmin, p => p.AddAuthenticationSchemes(AuthSchemes.Staff).RequireRole(Roles.TenantAdmin))
            .AddPolicy(Policies.Auditor, p => p.AddAuthenticationSchemes(AuthSchemes.Staff).RequireRole(Roles.Auditor))
            .AddPolicy(Policies.Records, p => p.AddAuthenticationSchemes(AuthSchemes.Staff).RequireRole(Roles.TenantAdmin, Roles.RecordsManager))
            .AddPolicy(Policies.Caseworker, p => p.AddAuthenticationSchemes(AuthSchemes.Staff).RequireRole(Roles.Caseworker))
            .AddPolicy(Policies.Citizen, p => p.AddAuthenticationSchemes(AuthSchemes.Citizen).RequireAuthenticatedUser())
            .AddPolicy(Policies.Operator, p => p.AddAuthenticationSchemes(AuthSchemes.Operator).RequireRole(Roles.PlatformOperator));
        return services;
    }

    private static void Secure(CookieAuthenticationOptions o, IOptions<RathausIdentityOptions> identity) =>
        o.Cookie.SecurePolicy = identity.Value.CookieSecure;

    private static void Configure(CookieAuthenticationOptions o, string cookieName, string signInPath)
    {
        o.Cookie.Name = cookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.Path = "/";
        o.LoginPath = signInPath;
        o.AccessDeniedPath = "/fehler/403";
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.Events = new CookieAuthenticationEvents
        {
            // A cookie is valid only at the tenant that issued it (path-prefix tenants share one host).
            OnValidatePrincipal = context =>
            {
                var tenant = context.HttpContext.RequestServices.GetRequiredService<CurrentTenant>().Tenant;
                var claimed = context.Principal?.FindFirst(RathausClaims.Tenant)?.Value;
                if (claimed is not null && claimed != tenant?.Id.ToString())
                {
                    context.RejectPrincipal();
                }
                return Task.CompletedTask;
            },
            OnRedirectToLogin = context => RedirectUnlessApi(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => RedirectUnlessApi(context, StatusCodes.Status403Forbidden),
        };
    }

    private static Task RedirectUnlessApi(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
