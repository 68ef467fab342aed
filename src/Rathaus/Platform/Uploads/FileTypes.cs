namespace Rathaus.Platform.Uploads;

/// <summary>
/// Recognises a file's real type from its first bytes. The declared content type and the file name's extension come
/// from the citizen's device and are not trusted.
/// </summary>
public static class FileTypes
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    /// <summary>The types that can be recognised and so allowed.</summary>
    public static readonly IReadOnlyList<string> Known = [Pdf, Jpeg, Png];

    /// <summary>Bytes needed to recognise every known type.</summary>
    public const int HeaderLength = 8;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type whose signature starts <paramref name="header"/>, or null for anything else
    /// (archives, executables, HTML, SVG, text, …).</summary>
    public static string? Recognise(ReadOnlySpan<byte> header)
    {
        // PDF readers tolerate junk before "%PDF-"; we do not, so a file cannot be HTML or a program to one
        // reader and a PDF to another.
        if (header.StartsWith(PdfMagic))
        {
            return Pdf;
        }
        if (header.StartsWith(PngMagic))
        {
            return Png;
        }
        if (header.StartsWith(JpegMagic))
        {
            return Jpeg;
        }
        return null;
    }

    /// <summary>Short name for messages: PDF, JPEG, PNG.</summary>
    public static string DisplayName(string mediaType) => mediaType switch
    {
        Pdf => "PDF",
        Jpeg => "JPEG",
        Png => "PNG",
        _ => mediaType,
    };
}
