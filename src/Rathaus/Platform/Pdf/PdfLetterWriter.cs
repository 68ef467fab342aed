using Microsoft.Extensions.Localization;
using PdfSharp.Pdf;

namespace Rathaus.Platform.Pdf;

/// <summary>Texts of the PDF module (Resources/Platform/Pdf/PdfText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class PdfText
#pragma warning restore CA1052
{
    private PdfText()
    {
    }
}

/// <summary>
/// Renders a <see cref="LetterDocument"/> to PDF (A4, PDFsharp, embedded Liberation Sans). Thread-safe; the page
/// numbers ("Seite 1 von 3") are in the current UI culture, German by default.
/// </summary>
public sealed class PdfLetterWriter(IStringLocalizer<PdfText> text)
{
    /// <summary>The PDF as bytes.</summary>
    public byte[] Render(LetterDocument document)
    {
        using var output = new MemoryStream();
        Render(document, output);
        return output.ToArray();
    }

    /// <summary>Writes the PDF to <paramref name="output"/>, which stays open.</summary>
    public void Render(LetterDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        PdfSharpSetup.EnsureInitialized();
        using var pdf = new PdfDocument();
        pdf.Info.Title = PlainText.Clean(document.Subject);
        pdf.Info.Author = PlainText.Clean(document.Letterhead.Authority);
        pdf.Info.Creator = "Rathaus";
        using var layout = new LetterLayout(pdf, document);
        layout.Run();
        layout.FinishPages((page, pages) => text["Page", page, pages]);
        pdf.Save(output, closeStream: false);
    }
}
