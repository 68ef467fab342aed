using System.Globalization;
using System.Text;

namespace Rathaus.Platform.Pdf;

/// <summary>
/// Text as it goes into a PDF: composed (NFC, so "ü" is one glyph), line breaks as <c>\n</c>, tabs as spaces, and
/// without control and invisible formatting characters — a right-to-left override in a citizen's input must not
/// reorder what the caseworker reads.
/// </summary>
internal static class PlainText
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = new StringBuilder(value.Length);
        foreach (var rune in value.Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    text.Append('\n');
                    break;
                case UnicodeCategory.Control when rune.Value is '\n' or '\r':
                    text.Append('\n');
                    break;
                case UnicodeCategory.Control when rune.Value == '\t':
                    text.Append(' ');
                    break;
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                    break;
                default:
                    text.Append(rune.ToString());
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>One line: line breaks become spaces.</summary>
    public static string OneLine(string? value) => Clean(value).Replace('\n', ' ');
}
