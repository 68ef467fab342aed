using System.Globalization;

namespace Rathaus.CatalogModule;

/// <summary>
/// The catalog search: every word of the query must occur in the name, summary or keywords of the service in the
/// given language, ignoring case and accents ("mull" finds "Sperrmüll"). A catalog holds tens to a few hundred
/// services, so searching the list in memory is quicker than a round trip to a full-text index.
/// </summary>
public static class CatalogSearch
{
    public const int MaxQueryLength = 200;

    public static IReadOnlyList<CatalogEntry> Filter(IEnumerable<CatalogEntry> entries, string? query, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(culture);
        var words = Words(query);
        if (words.Count == 0)
        {
            return entries.ToList();
        }
        var compare = culture.CompareInfo;
        const CompareOptions options = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
        return entries.Where(e =>
        {
            var s = e.Service;
            var texts = new List<string> { s.Name.In(culture), s.Summary.In(culture) };
            texts.AddRange(s.Keywords.In(culture));
            return words.All(w => texts.Exists(t => compare.IndexOf(t, w, options) >= 0));
        }).ToList();
    }

    /// <summary>The words of a query, at most ten, of a query cut to <see cref="MaxQueryLength"/> characters.</summary>
    public static IReadOnlyList<string> Words(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : query[..Math.Min(query.Length, MaxQueryLength)].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(10).ToList();
}
