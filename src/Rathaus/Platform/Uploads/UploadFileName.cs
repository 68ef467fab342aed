using System.Globalization;
using System.Text;

namespace Rathaus.Platform.Uploads;

/// <summary>
/// The name a citizen's file is kept under: the last path segment (old browsers send the whole path), in NFC (macOS
/// sends decomposed umlauts), without control and invisible formatting characters — a right-to-left override could
/// otherwise show <c>rechnung‮fdp.exe</c> as <c>rechnungexe.pdf</c> — and at most 255 characters, keeping the extension.
/// The name is data: pages and PDFs still escape it.
/// </summary>
public static class UploadFileName
{
    public const int MaxLength = 255;

    /// <summary>Used when nothing readable is left of the name.</summary>
    public const string Fallback = "Datei";

    public static string Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Fallback;
        }
        var name = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            clean.Append(Rune.IsWhiteSpace(rune) ? " " : rune.ToString());
        }
        var result = clean.ToString().Trim();
        if (result.Length == 0 || result is "." or "..")
        {
            return Fallback;
        }
        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            if (extension.Length > 16)
            {
                extension = "";
            }
            var keep = MaxLength - extension.Length;
            if (char.IsHighSurrogate(result[keep - 1]))
            {
                keep--;
            }
            result = result[..keep] + extension;
        }
        return result;
    }
}
