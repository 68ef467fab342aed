using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Configuration;
using Rathaus.Platform.Database;
using Rathaus.Platform.Demo;
using Rathaus.Platform.Health;
using Rathaus.Platform.Identity;
using Rathaus.Platform.Localization;
using Rathaus.Platform.Mail;
using Rathaus.Platform.Pdf;
using Rathaus.Platform.Tenancy;
using Rathaus.Platform.Uploads;
using Rathaus.Platform.Web;

namespace Rathaus.Platform;

/// <summary>Hosting, configuration, database, tenancy, identity, health and the web basics.</summary>
public static class PlatformModule
{
    /// <summary>Services that the web application and the command line share.</summary>
    public static IServiceCollection AddPlatformCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Columns are snake_case, C# properties PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidation>();
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidation>();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidation>();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RathausDataSources>();
        services.AddSingleton(sp => new Db(sp.GetRequiredService<RathausDataSources>().App));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<DatabaseState>();
        services.AddMemoryCache();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<Departments>();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<TenantAdministration>();
        services.AddBlobs(configuration);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        return services;
    }

    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPlatformCore(configuration);
        services.AddSingleton<IDatabaseSeeder, DemoSeeder>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddScoped<CurrentTenant>();
        services.AddRathausIdentity(configuration);
        services.AddRathausHealth();
        services.AddUploads(configuration);
        services.AddPdf();
        services.AddDataProtection().SetApplicationName("Rathaus");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<RathausDataSources, DatabaseState>((o, sources, state) => o.XmlRepository = new DataProtectionKeys(sources, state));
        // German text stays readable in the HTML source (ä, not &#xE4;); escaping of markup is unchanged.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        // A key given twice in a JSON body is refused (400, ApiProblems) rather than the last one silently winning.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowDuplicateProperties = false);
        services.AddOpenApi();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rathaus.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
        }).AddMvcOptions(o => o.Filters.Add<RequireTenantPageFilter>());
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = LanguageSwitch.Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("de");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/fehler/500", AllowStatusCode404Response = true });
        app.UseMiddleware<DatabaseUnavailableMiddleware>();
        // Pages get a rendered error page; API clients get their status codes (401, 403, 404) as they are.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/fehler/{0}"));
        app.UseRequestLocalization();
        app.UseApiProblemDetails();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRathausHealth();
        endpoints.MapOpenApi();
        endpoints.MapLanguageSwitch();
        endpoints.MapTenantApi();
        endpoints.MapRazorPages();
        return endpoints;
    }
}
