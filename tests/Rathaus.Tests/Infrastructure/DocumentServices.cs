using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Pdf;
using Rathaus.Platform.Uploads;

namespace Rathaus.Tests.Infrastructure;

/// <summary>
/// The real blob store, upload checks and PDF writer, registered as the application registers them, with their own
/// blob folder — for tests that need no database.
/// </summary>
public sealed class DocumentServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public DocumentServices(IDictionary<string, string?>? settings = null)
    {
        BlobFolder = Directory.CreateTempSubdirectory("rathaus-blobs-").FullName;
        var values = new Dictionary<string, string?> { ["Blobs:Path"] = BlobFolder };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = BlobFolder, EnvironmentName = "Test", ApplicationName = "Rathaus" });
        services.AddSingleton(TimeProvider.System);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddBlobs(configuration);
        services.AddUploads(configuration);
        services.AddPdf();
        _provider = services.BuildServiceProvider(validateScopes: true);
    }

    public string BlobFolder { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IUploadInspector Inspector => Get<IUploadInspector>();

    public IBlobStore Blobs => Get<IBlobStore>();

    public PdfLetterWriter Pdf => Get<PdfLetterWriter>();

    /// <summary>Content files in the store (not counting its temporary folder).</summary>
    public IReadOnlyList<string> StoredFiles() =>
        Directory.GetFiles(BlobFolder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(BlobFolder, f).StartsWith(FileSystemBlobStore.TempFolder, StringComparison.Ordinal))
            .ToList();

    public void Dispose()
    {
        _provider.Dispose();
        Directory.Delete(BlobFolder, recursive: true);
    }
}
