using Rathaus.Records.Xdomea;

namespace Rathaus.Records;

/// <summary>The E-Akte: file plan, files, procedures, documents with versions, xdomea hand-over (docs/records.md).</summary>
public static class RecordsModule
{
    public static IServiceCollection AddRecords(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DisposalOptions>().Bind(configuration.GetSection(DisposalOptions.Section));
        services.AddSingleton<RecordDisposals>();
        services.AddHostedService<DisposalProposer>();
        services.AddSingleton<CaseFiling>();
        services.AddSingleton<FilePlans>();
        services.AddSingleton<RecordsStore>();
        services.AddSingleton<XdomeaTransfer>();
        services.AddSingleton<RecordsSearch>();
        services.AddSingleton<PdfTextExtractor>();
        services.AddSingleton<SearchIndexer>();
        services.AddHostedService<SearchIndexWriter>();
        return services;
    }

    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder endpoints) => endpoints.MapRecordsApi();
}
