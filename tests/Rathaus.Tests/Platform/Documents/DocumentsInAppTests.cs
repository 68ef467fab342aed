using Microsoft.Extensions.DependencyInjection;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Pdf;
using Rathaus.Platform.Uploads;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform.Documents;

/// <summary>The services as the portal gets them from the running application.</summary>
public sealed class DocumentsInAppTests(RathausApp app) : IClassFixture<RathausApp>
{
    [Fact]
    public async Task The_application_checks_uploads_stores_them_under_its_blob_folder_and_renders_pdfs()
    {
        var receipt = app.Services.GetRequiredService<PdfLetterWriter>()
            .Render(new LetterDocument(new Letterhead("Stadt Musterstadt", []), "Eingangsbestätigung", [new LetterParagraph("Eingegangen.")]));

        var result = await app.Services.GetRequiredService<IUploadInspector>()
            .CheckAndStoreAsync(new MemoryStream(receipt), "bestätigung.pdf", CaseUploads.None, default);

        Assert.True(result.Accepted);
        Assert.False(result.File!.VirusScanned);
        var blob = result.File.Blob;
        Assert.True(File.Exists(Path.Combine(app.BlobFolder, blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256)));
        await using var stored = await app.Services.GetRequiredService<IBlobStore>().OpenReadAsync(blob.Sha256, default);
        Assert.Equal(receipt.Length, stored!.Length);
        Assert.Contains("Eingangsbestätigung", Poppler.Text(receipt));
    }
}
