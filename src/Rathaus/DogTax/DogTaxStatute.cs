using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rathaus.CatalogModule;

namespace Rathaus.DogTax;

/// <summary>When the tax is owed from: the month the keeping starts, or the month after (as most bylaws say).</summary>
public enum LiabilityStart
{
    /// <summary><c>same-month</c>: from the first day of the month in which the keeping starts.</summary>
    SameMonth,

    /// <summary><c>following-month</c>: from the first day of the month after the keeping starts.</summary>
    FollowingMonth,
}

/// <summary>
/// A tax exemption or reduction of the statute (Steuerbefreiung, Steuerermäßigung): <see cref="Percent"/> of the rate
/// is waived, for good or for the first <see cref="Months"/> months of liability (e.g. a dog from the animal shelter).
/// </summary>
public sealed record DogTaxExemption(string Code, LocalizedText Label, int Percent, int? Months)
{
    /// <summary>Exempt in full and for good: such a dog does not count for the order of the keeper's other dogs.</summary>
    public bool Permanent => Percent == 100 && Months is null;
}

/// <summary>A due date of every year, e.g. 1 July.</summary>
public readonly record struct DueDate(int Month, int Day)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Month:00}-{Day:00}");
}

/// <summary>
/// The dog tax statute of a tenant (Hundesteuersatzung) in one version: annual rates for the first, second and each
/// further dog and for each dog of a listed breed, the exemptions, the due dates and when liability starts.
/// </summary>
public sealed record DogTaxStatute(
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    string Title,
    decimal RateFirst,
    decimal RateSecond,
    decimal RateFurther,
    decimal RateListed,
    LiabilityStart LiabilityStart,
    IReadOnlyList<DueDate> DueDates,
    IReadOnlyList<DogTaxExemption> Exemptions)
{
    /// <summary>The statute version in force on a day: the latest one starting on or before it, unless it ended before.</summary>
    public static DogTaxStatute? InForce(IEnumerable<DogTaxStatute> statutes, DateOnly day) =>
        statutes.Where(s => s.ValidFrom <= day).MaxBy(s => s.ValidFrom) is { } latest && (latest.ValidUntil is null || latest.ValidUntil >= day)
            ? latest
            : null;

    public DogTaxExemption? FindExemption(string code) => Exemptions.FirstOrDefault(e => e.Code == code);

    public static string LiabilityStartToText(LiabilityStart start) => start == LiabilityStart.SameMonth ? "same-month" : "following-month";

    /// <summary>The statute as the import format writes it (what <c>admin dog-tax list --json</c> prints).</summary>
    public JsonObject ToJson() => new()
    {
        ["validFrom"] = ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["validUntil"] = ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["title"] = Title,
        ["rates"] = new JsonObject { ["first"] = RateFirst, ["second"] = RateSecond, ["further"] = RateFurther, ["listed"] = RateListed },
        ["liabilityStart"] = LiabilityStartToText(LiabilityStart),
        ["dueDates"] = new JsonArray([.. DueDates.Select(d => (JsonNode)d.ToString())]),
        ["exemptions"] = new JsonArray([.. Exemptions.Select(e => (JsonNode)new JsonObject
        {
            ["code"] = e.Code,
            ["label"] = new JsonObject { ["de"] = e.Label.De, ["en"] = e.Label.En },
            ["percent"] = e.Percent,
            ["months"] = e.Months,
        })]),
    };
}

/// <summary>A statute file that cannot be imported; <see cref="Problems"/> names every problem with its JSON path.</summary>
public sealed class DogTaxStatuteException : Exception
{
    public DogTaxStatuteException()
        : this([])
    {
    }

    public DogTaxStatuteException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public DogTaxStatuteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public DogTaxStatuteException(IReadOnlyList<string> problems)
        : base("The dog tax statute cannot be imported; nothing was changed:" + Environment.NewLine +
               string.Join(Environment.NewLine, (problems ?? []).Select(p => "  " + p)))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Reads the import format of a statute (docs/services.md, "Dog tax statute") strictly: every property known, rates
/// in euros with at most two decimals, exemption codes unique, due dates that split the year evenly.
/// </summary>
public static partial class DogTaxStatuteReader
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "validFrom", "validUntil", "title", "rates", "liabilityStart", "dueDates", "exemptions",
    };

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^([0-9]{2})-([0-9]{2})$")]
    private static partial Regex DueDatePattern();

    public static DogTaxStatute Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 10, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new DogTaxStatuteException(["$: is not valid JSON: " + e.Message]);
        }
        var problems = new List<string>();
        if (root is not JsonObject o)
        {
            throw new DogTaxStatuteException(["$: must be a JSON object."]);
        }
        Unknown(o, "$", TopLevel, problems);
        var validFrom = Date(o, "validFrom", required: true, problems);
        var validUntil = Date(o, "validUntil", required: false, problems);
        if (validFrom is not null && validUntil is not null && validUntil < validFrom)
        {
            problems.Add("$.validUntil: lies before validFrom.");
        }
        var title = Text(o["title"], "$.title", 300, problems);

        decimal first = 0, second = 0, further = 0, listed = 0;
        if (o["rates"] is JsonObject rates)
        {
            Unknown(rates, "$.rates", new HashSet<string>(["first", "second", "further", "listed"], StringComparer.Ordinal), problems);
            first = Amount(rates, "first", problems);
            second = Amount(rates, "second", problems);
            further = Amount(rates, "further", problems);
            listed = Amount(rates, "listed", problems);
        }
        else
        {
            problems.Add("$.rates: is missing: { \"first\", \"second\", \"further\", \"listed\" } in euros a year.");
        }

        var liability = LiabilityStart.FollowingMonth;
        switch (o["liabilityStart"]?.GetValueKind() == JsonValueKind.String ? o["liabilityStart"]!.GetValue<string>() : null)
        {
            case "same-month":
                liability = LiabilityStart.SameMonth;
                break;
            case "following-month":
                break;
            default:
                problems.Add("$.liabilityStart: must be \"same-month\" or \"following-month\".");
                break;
        }

        var dueDates = DueDates(o, problems);
        var exemptions = Exemptions(o, problems);
        if (problems.Count > 0)
        {
            throw new DogTaxStatuteException(problems);
        }
        return new DogTaxStatute(validFrom!.Value, validUntil, title!, first, second, further, listed, liability, dueDates, exemptions);
    }

    private static List<DueDate> DueDates(JsonObject o, List<string> problems)
    {
        var result = new List<DueDate>();
        if (o["dueDates"] is not JsonArray list || list.Count is not (1 or 2 or 4 or 12))
        {
            problems.Add("$.dueDates: must list 1, 2, 4 or 12 dates \"MM-DD\" (e.g. [\"07-01\"] or [\"02-15\", \"05-15\", \"08-15\", \"11-15\"]); each covers an equal part of the year.");
            return result;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.dueDates[{i}]");
            var text = list[i]?.GetValueKind() == JsonValueKind.String ? list[i]!.GetValue<string>() : null;
            var match = text is null ? null : DueDatePattern().Match(text);
            if (match is not { Success: true }
                || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12
                || !int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var day) || day < 1 || day > DateTime.DaysInMonth(2023, month))
            {
                problems.Add($"{path}: must be a day of the year \"MM-DD\" (not 29 February).");
                continue;
            }
            var due = new DueDate(month, day);
            var periodMonths = 12 / list.Count;
            // Each due date falls in the part of the year it is for (a quarterly date in its quarter).
            if (list.Count > 1 && (month - 1) / periodMonths != i)
            {
                problems.Add($"{path}: {due} does not lie in part {i + 1} of the year (months {(i * periodMonths) + 1}–{(i + 1) * periodMonths}); list the dates in order, one per part.");
            }
            result.Add(due);
        }
        return result;
    }

    private static List<DogTaxExemption> Exemptions(JsonObject o, List<string> problems)
    {
        var result = new List<DogTaxExemption>();
        if (o["exemptions"] is null)
        {
            return result;
        }
        if (o["exemptions"] is not JsonArray list || list.Count > 50)
        {
            problems.Add("$.exemptions: must be a list of at most 50 exemptions.");
            return result;
        }
        var known = new HashSet<string>(["code", "label", "percent", "months"], StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.exemptions[{i}]");
            if (list[i] is not JsonObject e)
            {
                problems.Add($"{path}: must be an object {{ \"code\", \"label\", \"percent\", \"months\" }}.");
                continue;
            }
            Unknown(e, path, known, problems);
            var code = Text(e["code"], path + ".code", 40, problems);
            if (code is not null && !CodePattern().IsMatch(code))
            {
                problems.Add($"{path}.code: '{code}' is not a code: lower-case letters, digits and hyphens (e.g. \"assistenzhund\").");
                code = null;
            }
            else if (code is not null && result.Any(r => r.Code == code))
            {
                problems.Add($"{path}.code: '{code}' is listed twice.");
            }
            LocalizedText? label = null;
            if (e["label"] is JsonObject l)
            {
                Unknown(l, path + ".label", new HashSet<string>(["de", "en"], StringComparer.Ordinal), problems);
                var de = Text(l["de"], path + ".label.de", 300, problems);
                var en = Text(l["en"], path + ".label.en", 300, problems);
                label = de is null || en is null ? null : new LocalizedText { De = de, En = en };
            }
            else
            {
                problems.Add($"{path}.label: is missing: {{ \"de\": \"…\", \"en\": \"…\" }}.");
            }
            var percent = Integer(e, "percent", path, 1, 100, required: true, problems);
            var months = Integer(e, "months", path, 1, 120, required: false, problems);
            if (code is not null && label is not null && percent is not null)
            {
                result.Add(new DogTaxExemption(code, label, percent.Value, months));
            }
        }
        return result;
    }

    private static void Unknown(JsonObject o, string path, HashSet<string> known, List<string> problems)
    {
        foreach (var (name, _) in o)
        {
            if (!known.Contains(name))
            {
                problems.Add($"{path}.{name}: is not a known property here; known are: {string.Join(", ", known)}.");
            }
        }
    }

    private static DateOnly? Date(JsonObject o, string name, bool required, List<string> problems)
    {
        var node = o[name];
        if (node is null)
        {
            if (required)
            {
                problems.Add($"$.{name}: is missing (a date YYYY-MM-DD).");
            }
            return null;
        }
        if (node.GetValueKind() == JsonValueKind.String
            && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add($"$.{name}: must be a date YYYY-MM-DD.");
        return null;
    }

    private static string? Text(JsonNode? node, string path, int maxLength, List<string> problems)
    {
        if (node?.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(node.GetValue<string>()))
        {
            problems.Add($"{path}: must be a text that is not empty.");
            return null;
        }
        var text = node.GetValue<string>().Trim();
        if (text.Length > maxLength || text.Any(char.IsControl))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be at most {maxLength} characters without control characters."));
            return null;
        }
        return text;
    }

    private static decimal Amount(JsonObject o, string name, List<string> problems)
    {
        var node = o[name];
        if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<decimal>(out var amount)
            && amount >= 0 && amount <= 100_000 && amount == Math.Round(amount, 2))
        {
            return amount;
        }
        problems.Add($"$.rates.{name}: must be an amount in euros a year, 0 to 100000, at most two decimals.");
        return 0;
    }

    private static int? Integer(JsonObject o, string name, string path, int min, int max, bool required, List<string> problems)
    {
        var node = o[name];
        if (node is null)
        {
            if (required)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.{name}: is missing (a whole number {min}–{max})."));
            }
            return null;
        }
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value >= min && value <= max)
        {
            return value;
        }
        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.{name}: must be a whole number {min}–{max}."));
        return null;
    }
}
