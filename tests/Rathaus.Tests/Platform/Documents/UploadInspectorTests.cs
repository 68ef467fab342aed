using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Uploads;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform.Documents;

/// <summary>Evidence uploads without a virus scanner configured: type by content, sizes, limits, messages.</summary>
public sealed class UploadInspectorTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly DocumentServices _services = new();

    public UploadInspectorTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de");
    }

    public void Dispose() => _services.Dispose();

    private Task<UploadResult> Upload(byte[] content, string name, CaseUploads? soFar = null) =>
        _services.Inspector.CheckAndStoreAsync(new MemoryStream(content), name, soFar ?? CaseUploads.None, default);

    [Fact]
    public async Task A_pdf_is_stored_with_the_type_found_in_its_content_and_marked_as_not_scanned()
    {
        var pdf = SampleFiles.Pdf();

        var result = await Upload(pdf, "Versicherungsnachweis.pdf");

        Assert.True(result.Accepted);
        var file = result.File!;
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal("Versicherungsnachweis.pdf", file.FileName);
        Assert.False(file.VirusScanned);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), file.Blob.Sha256);
        await using var stored = await _services.Blobs.OpenReadAsync(file.Blob.Sha256, default);
        Assert.Equal(pdf.Length, stored!.Length);
    }

    [Fact]
    public async Task Photos_are_recognised_by_content_whatever_their_name_says()
    {
        var png = await Upload(SampleFiles.Png(), "zaehlerstand.pdf");
        var jpeg = await Upload(Poppler.Picture(SampleFiles.Pdf(), "jpeg"), "IMG_0001");
        var pngFromPdf = await Upload(Poppler.Picture(SampleFiles.Pdf(), "png"), "scan.PNG");

        Assert.Equal("image/png", png.File!.ContentType);
        Assert.Equal("image/jpeg", jpeg.File!.ContentType);
        Assert.Equal("image/png", pngFromPdf.File!.ContentType);
    }

    public static TheoryData<string, byte[]> Disguised => new()
    {
        { "antrag.exe.pdf", SampleFiles.WindowsProgram() },
        { "nachweis.pdf", SampleFiles.LinuxProgram() },
        { "bauplaene.pdf", SampleFiles.Zip() },
        { "foto.jpg", SampleFiles.Html() },
        { "plan.png", SampleFiles.Svg() },
        { "bescheinigung.pdf", SampleFiles.HtmlThenPdf() },
    };

    [Theory]
    [MemberData(nameof(Disguised))]
    public async Task A_file_that_is_no_pdf_jpeg_or_png_is_refused_whatever_its_name(string name, byte[] content)
    {
        var result = await Upload(content, name);

        Assert.False(result.Accepted);
        Assert.Equal(UploadRejectionCodes.TypeNotAllowed, result.Rejection!.Code);
        Assert.Equal($"Die Datei „{name}“ ist kein PDF, JPEG oder PNG.", result.Rejection.Message);
        Assert.Empty(_services.StoredFiles());
    }

    [Fact]
    public async Task The_message_is_english_for_an_english_page()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var result = await Upload(SampleFiles.WindowsProgram(), "x.exe.pdf");

        Assert.Equal("The file “x.exe.pdf” is not a PDF, JPEG or PNG.", result.Rejection!.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var result = await Upload([], "leer.pdf");

        Assert.Equal(UploadRejectionCodes.Empty, result.Rejection!.Code);
        Assert.Equal("Die Datei „leer.pdf“ ist leer.", result.Rejection.Message);
        Assert.Empty(_services.StoredFiles());
    }

    [Fact]
    public async Task An_oversized_file_is_refused_after_reading_one_byte_past_the_limit()
    {
        var upload = new EndlessUploadStream();

        var result = await _services.Inspector.CheckAndStoreAsync(upload, "riesig.pdf", CaseUploads.None, default);

        Assert.Equal(UploadRejectionCodes.TooLarge, result.Rejection!.Code);
        Assert.Equal("Die Datei „riesig.pdf“ ist zu groß: Erlaubt sind höchstens 10 MB je Datei.", result.Rejection.Message);
        Assert.Equal(10 * MiB + 1, upload.BytesRead);
        Assert.Empty(_services.StoredFiles());
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_accepted()
    {
        using var services = new DocumentServices(new Dictionary<string, string?> { ["Uploads:MaxFileBytes"] = "5000" });
        var content = new byte[5000];
        SampleFiles.Pdf().AsSpan(0, 8).CopyTo(content);

        var result = await services.Inspector.CheckAndStoreAsync(new MemoryStream(content), "genau.pdf", CaseUploads.None, default);

        Assert.True(result.Accepted);
        Assert.Equal(5000, result.File!.Blob.Size);
    }

    [Fact]
    public async Task A_case_with_the_most_files_takes_no_further_file()
    {
        var result = await Upload(SampleFiles.Pdf(), "21.pdf", new CaseUploads(20, 1000));

        Assert.Equal(UploadRejectionCodes.TooManyFiles, result.Rejection!.Code);
        Assert.Equal("Die Datei „21.pdf“ wurde nicht angenommen: Zu einem Antrag gehören höchstens 20 Dateien.", result.Rejection.Message);
    }

    [Fact]
    public async Task A_file_that_would_take_the_case_over_its_total_is_refused()
    {
        var content = new byte[300];
        SampleFiles.Png().AsSpan(0, 8).CopyTo(content);

        var result = await Upload(content, "letzte.png", new CaseUploads(5, 50 * MiB - 200));
        var fits = await Upload(content, "passt.png", new CaseUploads(5, 50 * MiB - 300));

        Assert.Equal(UploadRejectionCodes.CaseTooLarge, result.Rejection!.Code);
        Assert.Equal("Die Datei „letzte.png“ wurde nicht angenommen: Alle Dateien eines Antrags zusammen dürfen höchstens 50 MB groß sein.",
            result.Rejection.Message);
        Assert.True(fits.Accepted);
    }

    [Fact]
    public void The_case_limit_check_names_the_limit_that_was_passed()
    {
        var inspector = _services.Inspector;

        Assert.Null(inspector.CheckCaseLimits(new CaseUploads(20, 50 * MiB)));
        Assert.Equal("Zu einem Antrag gehören höchstens 20 Dateien.", inspector.CheckCaseLimits(new CaseUploads(21, 1))!.Message);
        Assert.Equal(UploadRejectionCodes.CaseTooLarge, inspector.CheckCaseLimits(new CaseUploads(3, 50 * MiB + 1))!.Code);
    }

    [Fact]
    public async Task Only_the_configured_types_are_allowed_and_the_message_says_which()
    {
        using var services = new DocumentServices(new Dictionary<string, string?>
        {
            ["Uploads:AllowedTypes:0"] = "image/jpeg",
            ["Uploads:AllowedTypes:1"] = "image/png",
        });

        var result = await services.Inspector.CheckAndStoreAsync(new MemoryStream(SampleFiles.Pdf()), "plan.pdf", CaseUploads.None, default);

        Assert.Equal("Die Datei „plan.pdf“ ist kein JPEG oder PNG.", result.Rejection!.Message);
    }

    [Theory]
    [InlineData("C:\\Users\\Anna\\Desktop\\Nachweis.pdf", "Nachweis.pdf")]
    [InlineData("rechnung\u202Efdp.exe", "rechnungfdp.exe")]
    [InlineData("Bescheinigung fu\u0308r Hund.pdf", "Bescheinigung für Hund.pdf")]
    [InlineData("a\u0000b\u0007c\r\n.pdf", "abc.pdf")]
    [InlineData("   ", "Datei")]
    [InlineData("../..", "Datei")]
    public void File_names_are_kept_without_paths_and_invisible_characters(string raw, string clean)
    {
        Assert.Equal(clean, UploadFileName.Clean(raw));
    }

    [Fact]
    public void A_very_long_file_name_is_shortened_keeping_its_extension()
    {
        var name = UploadFileName.Clean(new string('ä', 1000) + ".pdf");

        Assert.Equal(255, name.Length);
        Assert.EndsWith("ää.pdf", name);
    }

    [Theory]
    [InlineData("Uploads:AllowedTypes:0", "application/zip", "'Uploads:AllowedTypes'")]
    [InlineData("Uploads:MaxFileBytes", "0", "'Uploads:MaxFileBytes'")]
    [InlineData("Uploads:MaxBytesPerCase", "1000", "'Uploads:MaxBytesPerCase'")]
    [InlineData("ClamAv:Endpoint", "clamd:3310", "'ClamAv:Endpoint'")]
    [InlineData("ClamAv:Endpoint", "unix:relative/clamd.ctl", "'ClamAv:Endpoint'")]
    [InlineData("ClamAv:StreamMaxLength", "1000", "'ClamAv:StreamMaxLength'")]
    public void A_wrong_setting_stops_the_start_naming_it(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "ClamAv:StreamMaxLength")
        {
            settings["ClamAv:Endpoint"] = "tcp://127.0.0.1:3310";
        }
        using var services = new DocumentServices(settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = services.Get<IOptions<UploadOptions>>().Value;
            _ = services.Get<IOptions<ClamAvOptions>>().Value;
        });

        Assert.Contains(named, error.Message);
    }
}
