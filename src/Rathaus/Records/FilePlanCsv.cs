using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records;

/// <summary>What happens to a file when its retention has passed (Aussonderung).</summary>
public enum Disposal
{
    /// <summary>vernichten</summary>
    Destroy,

    /// <summary>dem Archiv anbieten</summary>
    Archive,
}

/// <summary>One entry of a file plan (Aktenplaneinheit).</summary>
/// <param name="Number">Hierarchical number: <c>1</c>, <c>1.2</c>, <c>1.2.3</c>.</param>
/// <param name="RetentionYears">Aufbewahrungsfrist in years, counted from the end of the year a file is closed.</param>
/// <param name="Departments">Department keys whose cases go here when their service names no entry; <c>*</c> for every other case.</param>
public sealed record FilePlanEntry(string Number, string Title, int RetentionYears, Disposal Disposal, IReadOnlyList<string> Departments)
{
    public static string DisposalToDb(Disposal disposal) => disposal == Disposal.Archive ? "archive" : "destroy";

    public static Disposal DisposalFromDb(string value) => value == "archive" ? Disposal.Archive : Disposal.Destroy;
}

/// <summary>
/// Reads a file plan from CSV: a header line, then one entry a line. Columns <c>number</c>, <c>title</c>,
/// <c>retention_years</c>, <c>disposal</c> (<c>destroy</c> or <c>archive</c>) and optionally <c>departments</c>
/// (German headers <c>Nummer</c>, <c>Titel</c>, <c>Aufbewahrungsjahre</c>, <c>Aussonderung</c>
/// (<c>vernichten</c>/<c>archivieren</c>), <c>Ämter</c> work too); separated by semicolons or commas, as the header
/// line is. Every problem is reported with its line and column; a plan with any problem is refused whole.
/// </summary>
public static partial class FilePlanCsv
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxEntries = 10_000;

    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["number"] = "number", ["nummer"] = "number", ["kennzeichen"] = "number",
        ["title"] = "title", ["titel"] = "title", ["betreff"] = "title",
        ["retention_years"] = "retention_years", ["aufbewahrungsjahre"] = "retention_years", ["aufbewahrung"] = "retention_years",
        ["disposal"] = "disposal", ["aussonderung"] = "disposal",
        ["departments"] = "departments", ["ämter"] = "departments", ["aemter"] = "departments",
    };

    private static readonly string[] RequiredColumns = ["number", "title", "retention_years", "disposal"];

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex DepartmentPattern();

    public static IReadOnlyList<FilePlanEntry> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw Refused([Text($"Die Datei ist größer als {MaxBytes / 1024} KB.", $"The file is larger than {MaxBytes / 1024} KB.")]);
        }
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var headerIndex = lines.FindIndex(l => l.Trim().Length > 0);
        if (headerIndex < 0)
        {
            throw Refused([Text("Die Datei ist leer.", "The file is empty.")]);
        }
        var separator = lines[headerIndex].Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var problems = new List<string>();
        var header = Split(lines[headerIndex], separator, headerIndex + 1, problems) ?? [];
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (!Columns.TryGetValue(header[i].Trim(), out var column))
            {
                problems.Add(At(headerIndex + 1, i + 1, header[i].Trim(), Text(
                    "unbekannte Spalte; erlaubt sind number, title, retention_years, disposal, departments.",
                    "unknown column; allowed are number, title, retention_years, disposal, departments.")));
            }
            else if (!positions.TryAdd(column, i))
            {
                problems.Add(At(headerIndex + 1, i + 1, column, Text("die Spalte kommt zweimal vor.", "the column appears twice.")));
            }
        }
        foreach (var required in RequiredColumns.Where(c => !positions.ContainsKey(c)))
        {
            problems.Add(Text($"Zeile {headerIndex + 1}: die Spalte {required} fehlt.", $"Line {headerIndex + 1}: the column {required} is missing."));
        }
        if (problems.Count > 0)
        {
            throw Refused(problems);
        }

        var entries = new List<(int Line, FilePlanEntry Entry)>();
        for (var index = headerIndex + 1; index < lines.Count; index++)
        {
            if (lines[index].Trim().Length == 0)
            {
                continue;
            }
            var line = index + 1;
            if (entries.Count >= MaxEntries)
            {
                problems.Add(Text($"Zeile {line}: ein Aktenplan hat höchstens {MaxEntries} Einträge.", $"Line {line}: a file plan has at most {MaxEntries} entries."));
                break;
            }
            var cells = Split(lines[index], separator, line, problems);
            if (cells is null)
            {
                continue;
            }
            if (cells.Count != header.Count)
            {
                problems.Add(Text($"Zeile {line}: {cells.Count} Spalten statt {header.Count}.", $"Line {line}: {cells.Count} columns instead of {header.Count}."));
                continue;
            }
            if (ParseEntry(cells, positions, line, problems) is { } entry)
            {
                entries.Add((line, entry));
            }
        }
        CheckPlan(entries, positions, problems);
        if (problems.Count > 0)
        {
            throw Refused(problems);
        }
        return entries.Select(e => e.Entry).ToList();
    }

    private static FilePlanEntry? ParseEntry(List<string> cells, Dictionary<string, int> positions, int line, List<string> problems)
    {
        var before = problems.Count;
        string Cell(string column) => cells[positions[column]].Trim();
        int Column(string column) => positions[column] + 1;

        var number = Cell("number");
        if (!NumberPattern().IsMatch(number) || number.Length > 63)
        {
            problems.Add(At(line, Column("number"), "number", Text(
                $"„{number}“ ist keine Aktenplannummer wie 1, 1.2 oder 1.2.3.", $"'{number}' is not a file-plan number like 1, 1.2 or 1.2.3.")));
        }
        var title = Cell("title");
        if (title.Length is 0 or > 300)
        {
            problems.Add(At(line, Column("title"), "title", Text("der Titel fehlt oder ist länger als 300 Zeichen.", "the title is empty or longer than 300 characters.")));
        }
        var retentionText = Cell("retention_years");
        if (!int.TryParse(retentionText, NumberStyles.None, CultureInfo.InvariantCulture, out var retention) || retention > 200)
        {
            problems.Add(At(line, Column("retention_years"), "retention_years", Text(
                $"„{retentionText}“ ist keine Zahl von Jahren zwischen 0 und 200.", $"'{retentionText}' is not a number of years from 0 to 200.")));
        }
        var disposalText = Cell("disposal").ToLowerInvariant();
        Disposal? disposal = disposalText switch
        {
            "destroy" or "vernichten" => Disposal.Destroy,
            "archive" or "archivieren" => Disposal.Archive,
            _ => null,
        };
        if (disposal is null)
        {
            problems.Add(At(line, Column("disposal"), "disposal", Text(
                $"„{Cell("disposal")}“ ist weder destroy (vernichten) noch archive (archivieren).", $"'{Cell("disposal")}' is neither destroy nor archive.")));
        }
        var departments = new List<string>();
        if (positions.TryGetValue("departments", out var departmentsAt))
        {
            foreach (var key in cells[departmentsAt].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (key != "*" && !DepartmentPattern().IsMatch(key))
                {
                    problems.Add(At(line, departmentsAt + 1, "departments", Text(
                        $"„{key}“ ist kein Amtskürzel (Kleinbuchstaben, Ziffern, Bindestriche) und nicht *.",
                        $"'{key}' is not a department key (lower-case letters, digits, hyphens) nor *.")));
                }
                departments.Add(key);
            }
        }
        return problems.Count > before ? null : new FilePlanEntry(number, title, retention, disposal!.Value, departments);
    }

    private static void CheckPlan(List<(int Line, FilePlanEntry Entry)> entries, Dictionary<string, int> positions, List<string> problems)
    {
        var numberColumn = positions["number"] + 1;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, entry) in entries)
        {
            if (!seen.TryAdd(entry.Number, line))
            {
                problems.Add(At(line, numberColumn, "number", Text(
                    $"die Nummer {entry.Number} steht schon in Zeile {seen[entry.Number]}.", $"the number {entry.Number} is already in line {seen[entry.Number]}.")));
            }
        }
        foreach (var (line, entry) in entries)
        {
            var dot = entry.Number.LastIndexOf('.');
            if (dot > 0 && !seen.ContainsKey(entry.Number[..dot]))
            {
                problems.Add(At(line, numberColumn, "number", Text(
                    $"der übergeordnete Eintrag {entry.Number[..dot]} fehlt im Aktenplan.", $"the parent entry {entry.Number[..dot]} is not in the plan.")));
            }
        }
        if (!positions.TryGetValue("departments", out var departmentsAt))
        {
            problems.Add(Text(
                "Die Spalte departments fehlt: genau ein Eintrag muss mit * alle Vorgänge aufnehmen, für die sonst nichts bestimmt ist.",
                "The column departments is missing: exactly one entry must take every case nothing else is set for, with *."));
            return;
        }
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, entry) in entries)
        {
            foreach (var key in entry.Departments.Where(key => !owners.TryAdd(key, line)))
            {
                problems.Add(At(line, departmentsAt + 1, "departments", Text(
                    $"„{key}“ ist schon in Zeile {owners[key]} zugeordnet.", $"'{key}' is already assigned in line {owners[key]}.")));
            }
        }
        if (entries.Count > 0 && !owners.ContainsKey("*"))
        {
            problems.Add(Text(
                "Kein Eintrag hat * in der Spalte departments: genau einer muss alle übrigen Vorgänge aufnehmen.",
                "No entry has * in the column departments: exactly one must take every other case."));
        }
        if (entries.Count == 0)
        {
            problems.Add(Text("Der Aktenplan hat keinen Eintrag.", "The file plan has no entry."));
        }
    }

    /// <summary>One CSV line into cells: quotes may enclose separators, <c>""</c> is a quote; a line ending inside quotes is refused.</summary>
    private static List<string>? Split(string line, char separator, int lineNumber, List<string> problems)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.ToString().Trim().Length == 0)
            {
                cell.Clear();
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        if (quoted)
        {
            problems.Add(At(lineNumber, cells.Count + 1, null, Text("ein Anführungszeichen wird nicht geschlossen.", "a quotation mark is not closed.")));
            return null;
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private static string At(int line, int column, string? name, string message) =>
        name is null
            ? Text($"Zeile {line}, Spalte {column}: {message}", $"Line {line}, column {column}: {message}")
            : Text($"Zeile {line}, Spalte {column} ({name}): {message}", $"Line {line}, column {column} ({name}): {message}");

    private static RecordsException Refused(IReadOnlyList<string> problems) =>
        new("csv-invalid", Text("Der Aktenplan wurde nicht importiert:", "The file plan was not imported:") + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(p => "  " + p)), problems);
}
