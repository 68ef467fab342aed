using System.Text.Json;

namespace Rathaus.Wohngeld;

/// <summary>One municipality and its Mietstufe.</summary>
/// <param name="Ags">Amtlicher Gemeindeschlüssel, 8 digits.</param>
/// <param name="Name">Name of the municipality.</param>
/// <param name="RentLevel">Mietstufe 1..7.</param>
/// <param name="IsDemo">True for fictitious demo entries that are not legal data.</param>
public sealed record RentLevelEntry(string Ags, string Name, int RentLevel, bool IsDemo);

/// <summary>
/// Maps an AGS to its Mietstufe, read from the embedded <c>Parameters/mietstufen.json</c>. Today it holds only the
/// fictitious demo towns; real assignments (Anlage zu § 1 Abs. 3 WoGV) are added as data, see docs/wohngeld.md.
/// </summary>
public sealed class RentLevelDirectory
{
    private static readonly Lazy<RentLevelDirectory> EmbeddedDirectory = new(LoadEmbedded);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly Dictionary<string, RentLevelEntry> _entries;

    private RentLevelDirectory(IEnumerable<RentLevelEntry> entries)
    {
        _entries = entries.ToDictionary(e => e.Ags, StringComparer.Ordinal);
    }

    /// <summary>The directory from the data file embedded in this library.</summary>
    public static RentLevelDirectory Embedded => EmbeddedDirectory.Value;

    /// <summary>All known entries.</summary>
    public IReadOnlyCollection<RentLevelEntry> Entries => _entries.Values;

    /// <summary>The entry for an AGS, or null if the AGS is well-formed but not in the table.</summary>
    /// <exception cref="WohngeldInputException">The AGS is not 8 digits.</exception>
    public RentLevelEntry? Find(string ags)
    {
        if (ags is null || ags.Length != 8 || !ags.All(char.IsAsciiDigit))
        {
            throw new WohngeldInputException(
                ParameterNames.Ags,
                "Der Amtliche Gemeindeschlüssel muss aus 8 Ziffern bestehen.",
                "The official municipality key (AGS) must consist of 8 digits.");
        }

        return _entries.GetValueOrDefault(ags);
    }

    private static RentLevelDirectory LoadEmbedded()
    {
        const string name = "Rathaus.Wohngeld.Parameters.mietstufen.json";
        var json = WohngeldParameterCatalog.ReadResource(typeof(RentLevelDirectory).Assembly, name);
        var document = JsonSerializer.Deserialize<Document>(json, JsonOptions)
            ?? throw new InvalidOperationException($"'{name}' is empty.");
        var entries = (document.Municipalities ?? []).Select(m => new RentLevelEntry(m.Ags, m.Name, m.RentLevel, m.Demo)).ToList();
        if (entries.Any(e => e.RentLevel is < 1 or > 7 || e.Ags.Length != 8))
        {
            throw new InvalidOperationException($"'{name}' has an entry with a bad AGS or a Mietstufe outside 1..7.");
        }

        return new RentLevelDirectory(entries);
    }

    private sealed record Document(List<Municipality>? Municipalities);

    private sealed record Municipality(string Ags, string Name, int RentLevel, bool Demo);
}
