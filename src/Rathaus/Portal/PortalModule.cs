using Rathaus.Portal.Applications;

namespace Rathaus.Portal;

public static class PortalModule
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DraftOptions>().Bind(configuration.GetSection(DraftOptions.Section));
        services.AddSingleton<ApplicationDrafts>();
        services.AddSingleton<ApplicationServices>();
        services.AddSingleton<ApplicationFlow>();
        services.AddSingleton<ApplicationReceipts>();
        services.AddSingleton<PendingReceipts>();
        services.AddHostedService<PendingReceiptWriter>();
        return services;
    }
}
