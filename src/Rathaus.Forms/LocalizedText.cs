using System.Globalization;

namespace Rathaus.Forms;

/// <summary>A text of a form in German (the default) and English.</summary>
/// <param name="De">The German text; never empty in a parsed definition.</param>
/// <param name="En">The English text; never empty in a parsed definition.</param>
public sealed record LocalizedText(string De, string En)
{
    /// <summary>The text for a culture: English for any English culture, German for every other one.</summary>
    public string Get(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(En) ? En : De;
    }

    /// <inheritdoc />
    public override string ToString() => De;
}
