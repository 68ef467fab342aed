using PdfSharp.Fonts;

namespace Rathaus.Platform.Pdf;

/// <summary>
/// PDFsharp finds no system fonts on Linux, so Rathaus brings its own: Liberation Sans (metric-compatible with Arial,
/// SIL Open Font License, see Fonts/LICENSE-LiberationSans.txt) embedded in the assembly. Every family name resolves
/// to it; the fonts are embedded (subset) in each PDF, so its text is extractable and looks the same everywhere.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "Liberation Sans";

    private const string Regular = "LiberationSans-Regular";
    private const string Bold = "LiberationSans-Bold";

    /// <summary>The one instance: PDFsharp wants the same resolver every time it is set.</summary>
    public static readonly EmbeddedFonts Instance = new();

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        using var resource = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Rathaus.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded in the assembly.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }
}
