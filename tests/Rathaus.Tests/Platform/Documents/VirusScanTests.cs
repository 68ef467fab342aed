using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rathaus.Platform.Uploads;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform.Documents;

/// <summary>Uploads scanned by Debian's real clamd (see <see cref="ClamDaemon"/>), over its unix socket and TCP.</summary>
public sealed class VirusScanTests(ClamDaemon clamd) : IClassFixture<ClamDaemon>
{
    private static DocumentServices ServicesFor(string endpoint, int timeoutSeconds = 30) => new(new Dictionary<string, string?>
    {
        ["ClamAv:Endpoint"] = endpoint,
        ["ClamAv:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ["ClamAv:StreamMaxLength"] = ClamDaemon.StreamMaxLength.ToString(CultureInfo.InvariantCulture),
    });

    private static Task<UploadResult> Upload(DocumentServices services, byte[] content, string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de");
        return services.Inspector.CheckAndStoreAsync(new MemoryStream(content), name, CaseUploads.None, default);
    }

    [Fact]
    public async Task A_pdf_carrying_the_eicar_test_virus_is_refused_and_not_stored()
    {
        using var services = ServicesFor(clamd.UnixEndpoint);

        var result = await Upload(services, SampleFiles.PdfWithEicar(), "rechnung.pdf");

        Assert.False(result.Accepted);
        Assert.Equal(UploadRejectionCodes.VirusFound, result.Rejection!.Code);
        Assert.Equal("Die Datei „rechnung.pdf“ enthält Schadsoftware und wurde nicht angenommen.", result.Rejection.Message);
        Assert.Empty(services.StoredFiles());
    }

    [Fact]
    public async Task The_plain_eicar_file_is_refused_before_any_scan_as_no_pdf_jpeg_or_png()
    {
        using var services = ServicesFor(clamd.UnixEndpoint);

        var result = await Upload(services, ClamDaemon.Eicar, "eicar.com.pdf");

        Assert.Equal(UploadRejectionCodes.TypeNotAllowed, result.Rejection!.Code);
    }

    [Fact]
    public async Task A_clean_pdf_is_scanned_and_stored()
    {
        using var services = ServicesFor(clamd.UnixEndpoint);
        var receipt = services.Pdf.Render(PdfLetterWriterTests.Receipt(rows: 10));

        var result = await Upload(services, receipt, "Eingangsbestätigung.pdf");

        Assert.True(result.Accepted);
        Assert.True(result.File!.VirusScanned);
        Assert.Single(services.StoredFiles());
    }

    [Fact]
    public async Task Clamd_over_tcp_finds_the_test_virus_too()
    {
        using var services = ServicesFor(clamd.TcpEndpoint);

        var infected = await Upload(services, SampleFiles.PdfWithEicar(), "a.pdf");
        var clean = await Upload(services, SampleFiles.Png(), "b.png");

        Assert.Equal(UploadRejectionCodes.VirusFound, infected.Rejection!.Code);
        Assert.True(clean.File!.VirusScanned);
    }

    [Fact]
    public async Task The_client_reports_the_signature_clamd_found()
    {
        var client = new ClamAvClient(ClamAvEndpoint.Parse(clamd.UnixEndpoint)!, TimeSpan.FromSeconds(30), ClamDaemon.StreamMaxLength);

        var result = await client.ScanAsync(new MemoryStream(SampleFiles.PdfWithEicar()), default);

        Assert.Equal(new ScanResult(ScanOutcome.Infected, ClamDaemon.SignatureName), result);
    }

    [Fact]
    public async Task Content_beyond_clamds_stream_limit_is_unchecked_and_so_refused()
    {
        // A client that believes clamd takes more than it does: clamd answers "INSTREAM size limit exceeded".
        var client = new ClamAvClient(ClamAvEndpoint.Parse(clamd.UnixEndpoint)!, TimeSpan.FromSeconds(30), 4 * ClamDaemon.StreamMaxLength);
        var content = new byte[ClamDaemon.StreamMaxLength + 1024 * 1024];

        var result = await client.ScanAsync(new MemoryStream(content), default);

        Assert.Equal(ScanOutcome.Unavailable, result.Outcome);
    }

    [Fact]
    public async Task When_clamd_is_down_uploads_are_refused_with_try_again_later()
    {
        using var services = ServicesFor(clamd.UnixEndpoint);
        await clamd.StopAsync();
        try
        {
            var result = await Upload(services, SampleFiles.Pdf(), "nachweis.pdf");

            Assert.Equal(UploadRejectionCodes.ScanUnavailable, result.Rejection!.Code);
            Assert.Equal("Die Datei „nachweis.pdf“ kann gerade nicht auf Schadsoftware geprüft werden und wurde deshalb nicht angenommen. " +
                         "Bitte versuchen Sie es später noch einmal.", result.Rejection.Message);
            Assert.Empty(services.StoredFiles());
        }
        finally
        {
            await clamd.StartAsync();
        }
    }

    [Fact]
    public async Task A_scanner_that_accepts_but_never_answers_is_given_up_after_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var services = ServicesFor($"tcp://127.0.0.1:{port}", timeoutSeconds: 1);

        var result = await Upload(services, SampleFiles.Pdf(), "nachweis.pdf");

        Assert.Equal(UploadRejectionCodes.ScanUnavailable, result.Rejection!.Code);
    }

    [Theory]
    [InlineData("stream: OK", ScanOutcome.Clean, null)]
    [InlineData("stream: Win.Test.EICAR_HDB-1 FOUND", ScanOutcome.Infected, "Win.Test.EICAR_HDB-1")]
    [InlineData("INSTREAM size limit exceeded. ERROR", ScanOutcome.Unavailable, "clamd answered: INSTREAM size limit exceeded. ERROR")]
    [InlineData("stream: Can't allocate memory ERROR", ScanOutcome.Unavailable, "clamd answered: stream: Can't allocate memory ERROR")]
    [InlineData("", ScanOutcome.Unavailable, "clamd answered: (nothing)")]
    public void Clamds_answers_are_read_fail_closed(string reply, ScanOutcome outcome, string? detail)
    {
        Assert.Equal(new ScanResult(outcome, detail), ClamAvClient.Interpret(reply));
    }
}
