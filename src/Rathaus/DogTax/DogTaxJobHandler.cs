using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Forms;
using Rathaus.Processes;

namespace Rathaus.DogTax;

/// <summary>
/// <c>rathaus:dog-tax</c>: assesses the dog tax of a registration from the tenant's statute and registers the dogs
/// with their tax tag numbers. Reads the registration from the variable named by the header <c>input</c> (default
/// <c>application</c>) in the shape of the <c>hundesteuer</c> form — <c>halter</c> {familienname, vornamen,
/// geburtsdatum} and <c>hunde</c> [{name, chipnummer, listenhund, haltungsbeginn, herkunft, steuerbefreiung}] — and
/// the review's decision <c>befreiungAnerkannt</c> (task form befreiung-pruefen); sets the variable <c>dogTax</c> (docs/services.md). A job that
/// runs again gets the stored result of its first run.
/// </summary>
public sealed class DogTaxJobHandler(DogTaxRegister register, TimeProvider time) : ITenantJobHandler
{
    public const string TaskType = "rathaus:dog-tax";

    /// <summary>The claim a dog from an animal shelter stands for when no other exemption is claimed.</summary>
    public const string ShelterExemption = "tierheim";

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await register.FindAssessmentAsync(context.TenantId, context.Job.Id, ct) is { } earlier)
        {
            return new JsonObject { ["dogTax"] = JsonNode.Parse(earlier) };
        }
        var inputName = context.Headers.GetValueOrDefault("input") is { Length: > 0 } name ? name : "application";
        var input = context.Variables[inputName] as JsonObject
            ?? throw new InvalidOperationException($"The variable '{inputName}' with the registration (halter, hunde) is missing.");
        var (keeper, dogs) = ReadRegistration(input);
        var granted = context.Variables["befreiungAnerkannt"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        Guid? caseId = (context.Variables["case"] as JsonObject)?["id"] is JsonValue id && Guid.TryParse(id.ToString(), out var g) ? g : null;

        var result = await register.AssessAsync(context.TenantId, context.Job.Id, caseId, keeper, dogs, granted, FormClock.Today(time),
            (statute, assessment, tagged) => Shape(statute, assessment, tagged, FormClock.Today(time)).ToJsonString(), ct);
        return new JsonObject { ["dogTax"] = JsonNode.Parse(result) };
    }

    /// <summary>The keeper and the dogs of a registration; a dog's claim is its <c>steuerbefreiung</c>, else <c>tierheim</c> for a shelter dog.</summary>
    internal static (DogKeeper Keeper, List<NewDog> Dogs) ReadRegistration(JsonObject input)
    {
        var keeper = input["halter"] as JsonObject ?? throw new InvalidOperationException("The registration has no keeper (halter).");
        var dogs = (input["hunde"] as JsonArray ?? throw new InvalidOperationException("The registration has no dogs (hunde)."))
            .OfType<JsonObject>()
            .Select(d =>
            {
                var claim = Text(d, "steuerbefreiung") is { Length: > 0 } code && code != "keine" ? code
                    : Text(d, "herkunft") == "tierheim" ? ShelterExemption : null;
                return new NewDog(Text(d, "name") ?? "", Text(d, "chipnummer"), d["listenhund"] is JsonValue l && l.TryGetValue<bool>(out var listed) && listed,
                    Date(d, "haltungsbeginn") ?? throw new InvalidOperationException("A dog has no start of keeping (haltungsbeginn)."), claim);
            })
            .ToList();
        if (dogs.Count == 0)
        {
            throw new InvalidOperationException("The registration has no dogs (hunde).");
        }
        return (new DogKeeper(Text(keeper, "familienname") ?? "", Text(keeper, "vornamen") ?? "", Date(keeper, "geburtsdatum")), dogs);
    }

    /// <summary>The variable <c>dogTax</c>: amounts as numbers in euros, dates as <c>YYYY-MM-DD</c>.</summary>
    internal static JsonObject Shape(DogTaxStatute statute, DogTaxAssessment assessment, IReadOnlyList<TaggedDog> tagged, DateOnly issueDate) => new()
    {
        ["statute"] = new JsonObject { ["title"] = statute.Title, ["validFrom"] = Iso(statute.ValidFrom) },
        ["issueDate"] = Iso(issueDate),
        ["firstYear"] = assessment.FirstYear,
        ["annualTotal"] = assessment.AnnualTotal,
        ["firstYearTotal"] = assessment.FirstYearTotal,
        ["dueDates"] = new JsonArray([.. statute.DueDates.Select(d => (JsonNode)d.ToString())]),
        ["regularDueDates"] = new JsonArray([.. statute.DueDates.Select(d => (JsonNode)new JsonObject { ["month"] = d.Month, ["day"] = d.Day })]),
        ["tagNumbers"] = string.Join(", ", tagged.Select(t => t.Tag)),
        ["dogs"] = new JsonArray([.. tagged.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Assessed.Dog.Name,
            ["chipNumber"] = t.Assessed.Dog.Chip,
            ["listed"] = t.Assessed.Dog.Listed,
            ["position"] = t.Assessed.Position,
            ["category"] = t.Assessed.Category,
            ["rate"] = t.Assessed.Rate,
            ["annualAmount"] = t.Assessed.AnnualAmount,
            ["firstYearAmount"] = t.Assessed.FirstYearAmount,
            ["liableFrom"] = Iso(t.Assessed.LiableFrom),
            ["exemption"] = t.Assessed.Exemption is { } e ? new JsonObject
            {
                ["code"] = e.Code,
                ["label"] = e.Label.De,
                ["labelEn"] = e.Label.En,
                ["percent"] = e.Percent,
                ["until"] = t.Assessed.ExemptUntil is { } until ? Iso(until) : null,
            } : null,
            ["exemptionClaimed"] = t.Assessed.Dog.ExemptionClaim,
            ["exemptionRefused"] = t.Assessed.Refusal switch
            {
                ExemptionRefusal.NotGranted => "not-granted",
                ExemptionRefusal.NotInStatute => "not-in-statute",
                ExemptionRefusal.ListedBreed => "listed-breed",
                _ => null,
            },
            ["tagNumber"] = t.Tag,
        })]),
        ["installments"] = new JsonArray([.. assessment.Installments.Select(i => (JsonNode)new JsonObject
        {
            ["dueDate"] = Iso(i.DueDate),
            ["amount"] = i.Amount,
            ["year"] = i.Year,
        })]),
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;

    private static DateOnly? Date(JsonObject o, string name) =>
        Text(o, name) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
