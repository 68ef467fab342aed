using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Notices;

/// <summary>How notices write amounts and dates: "1.234,50 €" and "01.12.2026" in German, "€1,234.50" and "1 December 2026" in English.</summary>
public static class NoticeFormats
{
    /// <summary>An amount in euros, or null when <paramref name="value"/> is no number.</summary>
    public static string? Euro(object? value, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (Number(value) is not { } amount)
        {
            return null;
        }
        var digits = amount.ToString("N2", culture);
        return culture.TwoLetterISOLanguageName == "de" ? digits + "\u00A0€" : "€" + digits;
    }

    /// <summary>A date (ISO 8601 date or date and time), or null when <paramref name="value"/> is none.</summary>
    public static string? Date(object? value, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (ParseDate(value) is not { } date)
        {
            return value?.ToString();
        }
        return culture.TwoLetterISOLanguageName == "de"
            ? date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : date.ToString("d MMMM yyyy", culture);
    }

    /// <summary>A date from ISO 8601 text (<c>2026-12-01</c>, <c>2026-12-01T10:00:00Z</c>), a <see cref="DateOnly"/> or a <see cref="DateTimeOffset"/>.</summary>
    public static DateOnly? ParseDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTimeOffset t => DateOnly.FromDateTime(t.DateTime),
        JsonValue v when v.TryGetValue<string>(out var s) => ParseDate(s),
        string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) =>
            DateOnly.FromDateTime(Rathaus.Forms.FormClock.InGermany(t).DateTime),
        _ => null,
    };

    /// <summary>A number from a number or its invariant text (<c>"12.50"</c>).</summary>
    public static decimal? Number(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        double f when double.IsFinite(f) => (decimal)f,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => Number(s),
        string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
