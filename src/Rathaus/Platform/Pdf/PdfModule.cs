namespace Rathaus.Platform.Pdf;

/// <summary>PDF documents of the authority: receipts now, notices later (<see cref="PdfLetterWriter"/>).</summary>
public static class PdfModule
{
    public static IServiceCollection AddPdf(this IServiceCollection services)
    {
        services.AddSingleton<PdfLetterWriter>();
        return services;
    }
}
