using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Uploads;

/// <summary>Checks of uploaded evidence (<see cref="IUploadInspector"/>) and the virus scan through clamd.</summary>
public static class UploadsModule
{
    public static IServiceCollection AddUploads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidation>();
        services.AddOptions<ClamAvOptions>().Bind(configuration.GetSection(ClamAvOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClamAvOptions>, ClamAvOptionsValidation>();
        services.AddSingleton<IVirusScanner>(sp =>
        {
            var clamAv = sp.GetRequiredService<IOptions<ClamAvOptions>>().Value;
            return ClamAvEndpoint.Parse(clamAv.Endpoint) is { } endpoint
                ? new ClamAvClient(endpoint, TimeSpan.FromSeconds(clamAv.TimeoutSeconds), clamAv.StreamMaxLength)
                : new NoVirusScanner();
        });
        services.AddSingleton<IUploadInspector, UploadInspector>();
        services.AddHostedService<VirusScanReport>();
        return services;
    }
}

/// <summary>Says once at start-up whether uploads are scanned, and warns when clamd does not answer.</summary>
internal sealed class VirusScanReport(IVirusScanner scanner, ILogger<VirusScanReport> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (scanner is not ClamAvClient clamAv)
        {
            logger.LogInformation("Uploads are not scanned for malware: setting 'ClamAv:Endpoint' is not set.");
            return;
        }
        var version = await clamAv.VersionAsync(stoppingToken);
        if (version is null)
        {
            logger.LogWarning("clamd at {Endpoint} does not answer: uploads are refused until it does.", clamAv.Endpoint);
        }
        else
        {
            logger.LogInformation("Uploads are scanned by clamd at {Endpoint} ({Version}).", clamAv.Endpoint, version);
        }
    }
}
