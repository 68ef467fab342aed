using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Rathaus.Wohngeld;

/// <summary>
/// The parameter sets the library knows, ordered by validity date. The embedded catalog reads every
/// <c>Parameters/yyyy-MM-dd.json</c> shipped in the assembly, so the next Fortschreibung is a new data file.
/// </summary>
public sealed class WohngeldParameterCatalog
{
    private const string ResourcePrefix = "Rathaus.Wohngeld.Parameters.";

    private static readonly Lazy<WohngeldParameterCatalog> EmbeddedCatalog = new(LoadEmbedded);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private WohngeldParameterCatalog(IReadOnlyList<WohngeldParameterSet> sets)
    {
        Sets = sets;
    }

    /// <summary>The catalog built from the JSON files embedded in this assembly.</summary>
    public static WohngeldParameterCatalog Embedded => EmbeddedCatalog.Value;

    /// <summary>All sets, earliest first.</summary>
    public IReadOnlyList<WohngeldParameterSet> Sets { get; }

    /// <summary>Builds a catalog from JSON documents in the format of <c>Parameters/2025-01-01.json</c>.</summary>
    public static WohngeldParameterCatalog FromJson(params string[] documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Build(documents.Select((json, i) => (string.Create(CultureInfo.InvariantCulture, $"document {i}"), json)));
    }

    /// <summary>
    /// The set in force on <paramref name="date"/>: the latest one whose validity starts on or before it.
    /// </summary>
    /// <exception cref="WohngeldInputException">The date lies before the first known set.</exception>
    public WohngeldParameterSet ForDate(DateOnly date)
    {
        for (var i = Sets.Count - 1; i >= 0; i--)
        {
            if (Sets[i].ValidFrom <= date)
            {
                return Sets[i];
            }
        }

        var first = Sets[0].ValidFrom.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        throw new WohngeldInputException(
            ParameterNames.ReferenceDate,
            $"Für Stichtage vor dem {first} sind keine Wohngeld-Parameter hinterlegt.",
            $"No Wohngeld parameters are available for dates before {first}.");
    }

    private static WohngeldParameterCatalog LoadEmbedded()
    {
        var assembly = typeof(WohngeldParameterCatalog).Assembly;
        var documents = assembly.GetManifestResourceNames()
            .Where(IsParameterSetResource)
            .Select(name => (name, ReadResource(assembly, name)));
        return Build(documents);
    }

    private static bool IsParameterSetResource(string name) =>
        name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
        && name.EndsWith(".json", StringComparison.Ordinal)
        && DateOnly.TryParseExact(
            name[ResourcePrefix.Length..^".json".Length], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static WohngeldParameterCatalog Build(IEnumerable<(string Name, string Json)> documents)
    {
        var sets = documents.Select(d => Parse(d.Name, d.Json)).OrderBy(s => s.ValidFrom).ToList();
        if (sets.Count == 0)
        {
            throw new InvalidOperationException("No Wohngeld parameter set found.");
        }

        for (var i = 1; i < sets.Count; i++)
        {
            if (sets[i].ValidFrom == sets[i - 1].ValidFrom)
            {
                throw new InvalidOperationException($"Two Wohngeld parameter sets are valid from {sets[i].ValidFrom:O}.");
            }
        }

        return new WohngeldParameterCatalog(sets);
    }

    private static WohngeldParameterSet Parse(string name, string json)
    {
        var dto = JsonSerializer.Deserialize<ParameterSetDocument>(json, JsonOptions)
            ?? throw Invalid(name, "document is empty");

        Require(name, dto.Coefficients is { Count: WohngeldParameterSet.MaxFormulaMembers }, "coefficients must list 12 household sizes");
        Require(name, dto.Minimums is { Count: WohngeldParameterSet.MaxFormulaMembers }, "minimums must list 12 household sizes");
        Require(name, dto.Ceilings?.UpToFiveMembers is { Count: 5 } rows && rows.All(r => r.Count == 7), "ceilings must be 5 rows of 7 rent levels");
        Require(name, dto.Ceilings!.PerFurtherMember is { Count: 7 }, "ceilings.perFurtherMember must have 7 rent levels");
        Require(name, dto.HeatingRelief?.UpToFiveMembers is { Count: 5 }, "heatingRelief must list 5 household sizes");
        Require(name, dto.ClimateComponent?.UpToFiveMembers is { Count: 5 }, "climateComponent must list 5 household sizes");
        Require(name, dto.Allowances is not null, "allowances are missing");

        var coefficients = dto.Coefficients!.OrderBy(c => c.Members).ToArray();
        var minimums = dto.Minimums!.OrderBy(c => c.Members).ToArray();
        for (var i = 0; i < WohngeldParameterSet.MaxFormulaMembers; i++)
        {
            Require(name, coefficients[i].Members == i + 1, "coefficients must cover 1 to 12 members once each");
            Require(name, minimums[i].Members == i + 1, "minimums must cover 1 to 12 members once each");
        }

        return new WohngeldParameterSet(
            dto.ValidFrom,
            dto.Sources ?? [],
            dto.FormulaFactor,
            coefficients.Select(c => new FormulaCoefficients(c.A, c.B, c.C)).ToArray(),
            dto.Ceilings.UpToFiveMembers!.Select(r => r.ToArray()).ToArray(),
            dto.Ceilings.PerFurtherMember!.ToArray(),
            dto.HeatingRelief!.UpToFiveMembers!.ToArray(),
            dto.HeatingRelief.PerFurtherMember,
            dto.ClimateComponent!.UpToFiveMembers!.ToArray(),
            dto.ClimateComponent.PerFurtherMember,
            minimums.Select(m => (m.M, m.Y)).ToArray(),
            dto.SupplementPerMemberAbove12,
            dto.MinimumPayment,
            dto.FlatDeductionRate,
            new IncomeAllowances(
                dto.Allowances!.SevereDisability,
                dto.Allowances.PersecutionVictim,
                dto.Allowances.SingleParent,
                dto.Allowances.ChildEarningsMaximum));
    }

    private static void Require(string name, bool condition, string problem)
    {
        if (!condition)
        {
            throw Invalid(name, problem);
        }
    }

    private static InvalidOperationException Invalid(string name, string problem) =>
        new($"Wohngeld parameter set '{name}' is invalid: {problem}.");

    private sealed record ParameterSetDocument(
        DateOnly ValidFrom,
        List<string>? Sources,
        decimal FormulaFactor,
        List<CoefficientRow>? Coefficients,
        CeilingTable? Ceilings,
        TieredAmounts? HeatingRelief,
        TieredAmounts? ClimateComponent,
        List<MinimumRow>? Minimums,
        decimal SupplementPerMemberAbove12,
        decimal MinimumPayment,
        decimal FlatDeductionRate,
        AllowanceAmounts? Allowances);

    private sealed record CoefficientRow(int Members, decimal A, decimal B, decimal C);

    private sealed record CeilingTable(List<List<decimal>>? UpToFiveMembers, List<decimal>? PerFurtherMember);

    private sealed record TieredAmounts(List<decimal>? UpToFiveMembers, decimal PerFurtherMember);

    private sealed record MinimumRow(int Members, decimal M, decimal Y);

    private sealed record AllowanceAmounts(decimal SevereDisability, decimal PersecutionVictim, decimal SingleParent, decimal ChildEarningsMaximum);
}
