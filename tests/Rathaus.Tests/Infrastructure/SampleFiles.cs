using System.Text;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Files as citizens' devices produce them, and files that pretend to be something else.</summary>
public static class SampleFiles
{
    /// <summary>A one-page PDF as simple as a PDF can be.</summary>
    public static byte[] Pdf(string marker = "") => Encoding.ASCII.GetBytes($"""
        %PDF-1.4
        1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj
        2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj
        3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj
        % {marker}
        trailer <</Root 1 0 R>>
        %%EOF

        """);

    /// <summary>A PDF that carries the EICAR test string (the way malware hides in a document).</summary>
    public static byte[] PdfWithEicar() =>
        [.. Encoding.ASCII.GetBytes("%PDF-1.4\n% "), .. ClamDaemon.Eicar, .. Pdf()[8..]];

    /// <summary>A 1 × 1 pixel PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>A Windows program's first bytes (DOS header "MZ" and the PE stub's message).</summary>
    public static byte[] WindowsProgram() =>
        [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,
         .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.")];

    /// <summary>A real Linux program from this machine.</summary>
    public static byte[] LinuxProgram() => File.ReadAllBytes("/bin/true");

    public static byte[] Zip() => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, .. new byte[40]];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] Svg() => Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>""");

    /// <summary>HTML first, a PDF header further down: some readers would call it a PDF.</summary>
    public static byte[] HtmlThenPdf() => [.. Html(), .. Pdf()];
}

/// <summary>An upload that never ends, counting what was read from it; starts like a PDF.</summary>
public sealed class EndlessUploadStream : Stream
{
    private static readonly byte[] Start = Encoding.ASCII.GetBytes("%PDF-1.7\n");

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var position = BytesRead + i;
            buffer[offset + i] = position < Start.Length ? Start[position] : (byte)'x';
        }
        BytesRead += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
