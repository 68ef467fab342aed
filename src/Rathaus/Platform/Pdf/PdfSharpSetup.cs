using PdfSharp;
using PdfSharp.Fonts;

namespace Rathaus.Platform.Pdf;

/// <summary>PDFsharp's process-wide settings, made once before the first document.</summary>
internal static class PdfSharpSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (_done)
            {
                return;
            }
            // From 6.5.0 on, PDFsharp is dual-licensed (AGPL-3.0-only or commercial) and the program must say which
            // licence it uses; Rathaus uses it under the AGPL. See docs/dependencies.md.
            PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver = EmbeddedFonts.Instance;
            _done = true;
        }
    }
}
