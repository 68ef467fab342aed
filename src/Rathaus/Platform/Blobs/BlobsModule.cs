using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Blobs;

/// <summary>The document store (<see cref="IBlobStore"/>), on the file system under <c>Blobs:Path</c>.</summary>
public static class BlobsModule
{
    public static IServiceCollection AddBlobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlobOptions>().Bind(configuration.GetSection(BlobOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlobOptions>, BlobOptionsValidation>();
        services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(
            FileSystemBlobStore.RootFolder(sp.GetRequiredService<IOptions<BlobOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
