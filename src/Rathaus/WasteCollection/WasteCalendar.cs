using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rathaus.WasteCollection;

/// <summary>A bulky-waste collection date of a district; <paramref name="Capacity"/> is how many collections it takes (null: no limit, 0: closed).</summary>
public sealed record CollectionDate(DateOnly Date, int? Capacity);

/// <summary>A collection district (Abfuhrbezirk) as an import file describes it: its streets and dates may each be absent.</summary>
/// <param name="Streets">The district's streets; null when the file says nothing about them (the stored ones stay).</param>
public sealed record CollectionDistrict(string Key, string? Name, IReadOnlyList<string>? Streets, IReadOnlyList<CollectionDate> Dates);

/// <summary>An import file that cannot be imported; <see cref="Problems"/> names every problem with its place.</summary>
public sealed class WasteCalendarException : Exception
{
    public WasteCalendarException()
        : this([])
    {
    }

    public WasteCalendarException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public WasteCalendarException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public WasteCalendarException(IReadOnlyList<string> problems)
        : base("The collection calendar cannot be imported; nothing was changed:" + Environment.NewLine +
               string.Join(Environment.NewLine, (problems ?? []).Select(p => "  " + p)))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Reads the import formats of the bulky-waste calendar (docs/services.md, "Collection calendar"): JSON with districts,
/// their streets and dates, or CSV (separator ';' or ',', UTF-8) whose header decides what it holds —
/// <c>bezirk;name;strasse</c> for the streets of districts, <c>bezirk;datum;kapazitaet</c> for collection dates.
/// </summary>
public static partial class WasteCalendarReader
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex DistrictKeyPattern();

    [GeneratedRegex(@"str\.?(?=[\s-]|$)")]
    private static partial Regex StreetAbbreviation();

    /// <summary>
    /// A street name as the calendar compares it: lower case, ß as ss, "str." and "str" at a word's end as "strasse",
    /// without spaces, hyphens and dots — "Schul-Straße", "Schulstrasse" and "Schulstr." are one street.
    /// </summary>
    public static string StreetKey(string street)
    {
        ArgumentNullException.ThrowIfNull(street);
        var lower = street.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormC).Replace("ß", "ss", StringComparison.Ordinal);
        lower = StreetAbbreviation().Replace(lower, "strasse");
        return new string(lower.Where(char.IsLetterOrDigit).ToArray());
    }

    /// <summary>Reads a file by its extension: <c>.json</c> or <c>.csv</c>.</summary>
    public static IReadOnlyList<CollectionDistrict> Read(string fileName, string content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".json" => ReadJson(content),
            ".csv" => ReadCsv(content),
            _ => throw new WasteCalendarException([$"{Path.GetFileName(fileName)}: give a .json or .csv file."]),
        };
    }

    public static IReadOnlyList<CollectionDistrict> ReadJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 10, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new WasteCalendarException(["$: is not valid JSON: " + e.Message]);
        }
        var problems = new List<string>();
        if (root is not JsonObject o || o["districts"] is not JsonArray list || o.Count != 1)
        {
            throw new WasteCalendarException(["$: must be { \"districts\": [ { \"key\", \"name\", \"streets\": [\"…\"], \"dates\": [\"YYYY-MM-DD\" or { \"date\", \"capacity\" }] } ] }."]);
        }
        var districts = new List<CollectionDistrict>();
        var known = new HashSet<string>(["key", "name", "streets", "dates"], StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.districts[{i}]");
            if (list[i] is not JsonObject d)
            {
                problems.Add($"{path}: must be an object.");
                continue;
            }
            foreach (var (name, _) in d)
            {
                if (!known.Contains(name))
                {
                    problems.Add($"{path}.{name}: is not a known property here; known are: {string.Join(", ", known)}.");
                }
            }
            var key = Key(Str(d["key"]), path + ".key", problems);
            var districtName = Name(Str(d["name"]), path + ".name", required: false, problems);
            List<string>? streets = null;
            if (d["streets"] is JsonArray s)
            {
                streets = [];
                for (var j = 0; j < s.Count; j++)
                {
                    if (Street(Str(s[j]), string.Create(CultureInfo.InvariantCulture, $"{path}.streets[{j}]"), problems) is { } street)
                    {
                        streets.Add(street);
                    }
                }
            }
            else if (d["streets"] is not null)
            {
                problems.Add($"{path}.streets: must be a list of street names.");
            }
            var dates = new List<CollectionDate>();
            if (d["dates"] is JsonArray ds)
            {
                for (var j = 0; j < ds.Count; j++)
                {
                    var datePath = string.Create(CultureInfo.InvariantCulture, $"{path}.dates[{j}]");
                    var (text, capacity) = ds[j] is JsonObject entry
                        ? (Str(entry["date"]), entry["capacity"] is JsonValue c ? (c.TryGetValue<int>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : "x") : null)
                        : (Str(ds[j]), null);
                    if (Date(text, capacity, datePath, problems) is { } date)
                    {
                        dates.Add(date);
                    }
                }
            }
            else if (d["dates"] is not null)
            {
                problems.Add($"{path}.dates: must be a list of dates.");
            }
            if (key is not null)
            {
                districts.Add(new CollectionDistrict(key, districtName, streets, dates));
            }
        }
        return Checked(districts, problems);
    }

    public static IReadOnlyList<CollectionDistrict> ReadCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var rows = Csv(csv.TrimStart('\uFEFF'));
        if (rows.Count == 0)
        {
            throw new WasteCalendarException(["line 1: the file is empty; the first line names the columns (bezirk;name;strasse or bezirk;datum;kapazitaet)."]);
        }
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var problems = new List<string>();
        var byKey = new Dictionary<string, (string? Name, List<string>? Streets, List<CollectionDate> Dates)>(StringComparer.Ordinal);
        var order = new List<string>();
        bool streetsFile;
        if (header.SequenceEqual(["bezirk", "name", "strasse"]) || header.SequenceEqual(["bezirk", "name", "straße"]))
        {
            streetsFile = true;
        }
        else if (header.SequenceEqual(["bezirk", "datum", "kapazitaet"]) || header.SequenceEqual(["bezirk", "datum", "kapazität"]) || header.SequenceEqual(["bezirk", "datum"]))
        {
            streetsFile = false;
        }
        else
        {
            throw new WasteCalendarException([$"line 1: the columns '{string.Join(";", rows[0])}' are neither bezirk;name;strasse (streets) nor bezirk;datum;kapazitaet (dates)."]);
        }
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"line {i + 1}");
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (row.Count != header.Count && !(row.Count == header.Count - 1 && !streetsFile))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: has {row.Count} columns, the header {header.Count}."));
                continue;
            }
            var key = Key(row[0], where + " bezirk", problems);
            if (key is null)
            {
                continue;
            }
            if (!byKey.TryGetValue(key, out var district))
            {
                district = (null, streetsFile ? [] : null, []);
                order.Add(key);
            }
            if (streetsFile)
            {
                var name = Name(row[1], where + " name", required: false, problems);
                if (name is not null && district.Name is not null && district.Name != name)
                {
                    problems.Add($"{where} name: '{name}' differs from the name '{district.Name}' given before for district {key}.");
                }
                district.Name ??= name;
                if (Street(row[2], where + " strasse", problems) is { } street)
                {
                    district.Streets!.Add(street);
                }
            }
            else if (Date(row[1], row.Count > 2 ? row[2] : null, where, problems) is { } date)
            {
                district.Dates.Add(date);
            }
            byKey[key] = district;
        }
        return Checked(order.Select(k => new CollectionDistrict(k, byKey[k].Name, byKey[k].Streets, byKey[k].Dates)).ToList(), problems);
    }

    private static List<CollectionDistrict> Checked(List<CollectionDistrict> districts, List<string> problems)
    {
        foreach (var twice in districts.GroupBy(d => d.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"district {twice.Key}: appears more than once.");
        }
        var streetOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var district in districts)
        {
            foreach (var street in district.Streets ?? [])
            {
                var key = StreetKey(street);
                if (streetOwners.TryGetValue(key, out var other))
                {
                    problems.Add(other == district.Key
                        ? $"district {district.Key}: the street '{street}' is listed twice."
                        : $"district {district.Key}: the street '{street}' is listed for district {other} too; a street belongs to one district.");
                }
                else
                {
                    streetOwners[key] = district.Key;
                }
            }
            foreach (var twice in district.Dates.GroupBy(d => d.Date).Where(g => g.Count() > 1))
            {
                problems.Add($"district {district.Key}: the date {twice.Key:yyyy-MM-dd} is listed twice.");
            }
        }
        if (districts.Count == 0 && problems.Count == 0)
        {
            problems.Add("the file names no district.");
        }
        if (problems.Count > 0)
        {
            throw new WasteCalendarException(problems);
        }
        return districts;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? Key(string? text, string where, List<string> problems)
    {
        var key = text?.Trim();
        if (key is null || !DistrictKeyPattern().IsMatch(key))
        {
            problems.Add($"{where}: '{key}' is not a district key (1–32 letters, digits, '.', '_' or '-', e.g. \"1\" or \"nord\").");
            return null;
        }
        return key;
    }

    private static string? Name(string? text, string where, bool required, List<string> problems)
    {
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            if (required)
            {
                problems.Add($"{where}: is missing.");
            }
            return null;
        }
        if (name.Length > 200 || name.Any(char.IsControl))
        {
            problems.Add($"{where}: must be at most 200 characters without control characters.");
            return null;
        }
        return name;
    }

    private static string? Street(string? text, string where, List<string> problems)
    {
        var street = text?.Trim();
        if (string.IsNullOrEmpty(street) || street.Length > 100 || street.Any(char.IsControl) || StreetKey(street).Length == 0)
        {
            problems.Add($"{where}: '{street}' is not a street name (1–100 characters).");
            return null;
        }
        return street;
    }

    private static CollectionDate? Date(string? text, string? capacityText, string where, List<string> problems)
    {
        var trimmed = text?.Trim();
        if (!DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && !DateOnly.TryParseExact(trimmed, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problems.Add($"{where}: '{trimmed}' is not a date (YYYY-MM-DD or DD.MM.YYYY).");
            return null;
        }
        int? capacity = null;
        if (!string.IsNullOrWhiteSpace(capacityText))
        {
            if (!int.TryParse(capacityText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
            {
                problems.Add($"{where}: the capacity '{capacityText.Trim()}' is not a whole number 0–100000 (empty: no limit).");
                return null;
            }
            capacity = n;
        }
        return new CollectionDate(date, capacity);
    }

    /// <summary>RFC 4180 rows with ';' or ',' as separator (the one the header line uses), quotes doubled inside quoted fields.</summary>
    private static List<List<string>> Csv(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }
}
