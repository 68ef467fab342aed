using Microsoft.Extensions.Options;

namespace Rathaus.CatalogModule;

/// <summary>Where the shipped service packages lie.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// Folder holding one folder per shipped service package (the repository's <c>services/</c>, copied next to the
    /// application when it is built). Empty: the copy in the application's folder.
    /// </summary>
    public string ServicesPath { get; set; } = "";

    public string EffectiveServicesPath() =>
        string.IsNullOrWhiteSpace(ServicesPath) ? Path.Combine(AppContext.BaseDirectory, "services") : Path.GetFullPath(ServicesPath);
}

internal sealed class CatalogOptionsValidation : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        !string.IsNullOrWhiteSpace(options.ServicesPath) && !Directory.Exists(options.ServicesPath)
            ? ValidateOptionsResult.Fail($"Setting 'Catalog:ServicesPath' names the folder '{options.ServicesPath}', which does not exist.")
            : ValidateOptionsResult.Success;
}

/// <summary>The service catalog: packages, their installation, the catalog pages and <c>/api/v1/services</c>.</summary>
public static class CatalogRegistration
{
    /// <summary>Services that the web application and the operator's command line share.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidation>();
        services.AddSingleton<ServicePackageInstaller>();
        services.AddSingleton<IServiceCatalog, ServiceCatalog>();
        return services;
    }
}
