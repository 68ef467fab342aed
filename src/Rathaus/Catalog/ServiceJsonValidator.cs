using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rathaus.CatalogModule;

/// <summary>
/// Checks a <c>service.json</c> strictly against docs/services.md: every property known, every type and value
/// right, every text in German and English. Reports every problem with its JSON path, not just the first.
/// </summary>
public sealed partial class ServiceJsonValidator
{
    public const string FileName = "service.json";

    public static IReadOnlySet<string> Jurisdictions { get; } = new HashSet<string>(["gemeinde", "kreis", "land", "bund"], StringComparer.Ordinal);

    public static IReadOnlySet<string> AssuranceLevels { get; } = new HashSet<string>(["none", "basic", "substantial", "high"], StringComparer.Ordinal);

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "id", "version", "leikaKey", "name", "summary", "description", "topic", "keywords", "department", "jurisdiction",
        "assuranceLevel", "fees", "evidence", "processingDays", "legalBasis", "retentionYears", "caseReferenceCode",
        "onlineApplication", "responsibleAuthority", "filePlan", "internal", "transfers",
    };

    private readonly List<PackageProblem> _problems = [];

    private ServiceJsonValidator()
    {
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ServiceIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex DepartmentKeyPattern();

    [GeneratedRegex("^[0-9]{14}$")]
    private static partial Regex LeikaPattern();

    [GeneratedRegex("^[A-Z0-9]{2,8}$")]
    private static partial Regex CaseReferencePattern();

    /// <summary>The metadata when the file is valid; otherwise null and <paramref name="problems"/> names every problem.</summary>
    public static ServiceMetadata? Validate(string json, out IReadOnlyList<PackageProblem> problems)
    {
        var validator = new ServiceJsonValidator();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            problems = [new PackageProblem(FileName, null, "is not valid JSON: " + e.Message)];
            return null;
        }
        using (document)
        {
            validator.CheckRoot(document.RootElement);
        }
        problems = validator._problems;
        return problems.Count == 0 ? ServiceMetadata.FromJson(json) : null;
    }

    private void Problem(string path, string message) => _problems.Add(new PackageProblem(FileName, path, message));

    private void CheckRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Problem("$", "must be a JSON object.");
            return;
        }
        UnknownProperties(root, "$", TopLevel);

        var id = RequiredString(root, "id", 63);
        if (id is not null && !ServiceIdPattern().IsMatch(id))
        {
            Problem("$.id", $"'{id}' is not a valid service id: use lower-case letters, digits and single hyphens (e.g. 'hundeanmeldung').");
        }
        var version = RequiredString(root, "version", 32);
        if (version is not null && !PackageVersion.TryParse(version, out _))
        {
            Problem("$.version", $"'{version}' is not a version MAJOR.MINOR.PATCH (e.g. '1.0.0').");
        }
        // Optional: not every municipal service has a confirmed key in the LeiKa catalogue (docs/services.md).
        var leika = OptionalString(root, "leikaKey", 14, required: false);
        if (leika is not null && !LeikaPattern().IsMatch(leika))
        {
            Problem("$.leikaKey", $"'{leika}' is not a LeiKa key: exactly 14 digits.");
        }
        Localized(root, "name", "$.name", required: true, maxLength: 200);
        Localized(root, "summary", "$.summary", required: true, maxLength: 500);
        Localized(root, "description", "$.description", required: true, maxLength: 20_000);
        var topic = RequiredString(root, "topic", 64);
        if (topic is not null && !ServiceTopics.All.Contains(topic))
        {
            Problem("$.topic", $"'{topic}' is no OZG topic field; use one of: {string.Join(", ", ServiceTopics.All)}.");
        }
        Keywords(root);
        var department = RequiredString(root, "department", 63);
        if (department is not null && !DepartmentKeyPattern().IsMatch(department))
        {
            Problem("$.department", $"'{department}' is not a department key: 2–63 lower-case letters, digits and hyphens.");
        }
        OneOf(root, "jurisdiction", Jurisdictions);
        OneOf(root, "assuranceLevel", AssuranceLevels);
        Fees(root);
        Evidence(root);
        LegalBasis(root);
        var online = root.TryGetProperty("onlineApplication", out var o) ? o : default;
        bool? onlineApplication = null;
        if (online.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            onlineApplication = online.GetBoolean();
        }
        else if (online.ValueKind == JsonValueKind.Undefined)
        {
            Problem("$.onlineApplication", "is missing: true when citizens apply here online, false for an entry that only says where to apply.");
        }
        else
        {
            Problem("$.onlineApplication", "must be true or false.");
        }

        var isInternal = false;
        if (root.TryGetProperty("internal", out var internalValue) && internalValue.ValueKind != JsonValueKind.Null)
        {
            if (internalValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isInternal = internalValue.GetBoolean();
            }
            else
            {
                Problem("$.internal", "must be true or false.");
            }
        }
        if (isInternal && onlineApplication == true)
        {
            Problem("$.internal", "is true, but onlineApplication is true too: an internal procedure takes no applications (set onlineApplication to false).");
        }
        if (isInternal && root.TryGetProperty("responsibleAuthority", out var authority) && authority.ValueKind != JsonValueKind.Null)
        {
            Problem("$.responsibleAuthority", "is given, but internal is true: an internal procedure is the tenant's own.");
        }

        var needed = onlineApplication == true || isInternal;
        Integer(root, "processingDays", 0, 3650, required: needed);
        // An information-only entry creates no case, so it keeps nothing (0); a case is kept at least a year.
        Integer(root, "retentionYears", needed ? 1 : 0, 200, required: needed);
        var code = OptionalString(root, "caseReferenceCode", 8, required: needed);
        if (code is not null && !CaseReferencePattern().IsMatch(code))
        {
            Problem("$.caseReferenceCode", $"'{code}' is not a case reference code: 2–8 capital letters or digits (e.g. 'HUND').");
        }
        ResponsibleAuthority(root);
        // The file-plan entry (Aktenplannummer) its cases are filed under; optional (docs/records.md).
        var filePlan = OptionalString(root, "filePlan", 63, required: false);
        if (filePlan is not null && !FilePlanPattern().IsMatch(filePlan))
        {
            Problem("$.filePlan", $"'{filePlan}' is not a file-plan number like '1', '1.2' or '9.2.3'.");
        }
        Transfers(root, id, needed);
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)*$")]
    private static partial Regex FilePlanPattern();

    private void UnknownProperties(JsonElement element, string path, IReadOnlySet<string> known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                Problem($"{path}.{property.Name}", $"is not a known property here; known are: {string.Join(", ", known)}.");
            }
        }
    }

    private string? RequiredString(JsonElement parent, string name, int maxLength) => OptionalString(parent, name, maxLength, required: true);

    private string? OptionalString(JsonElement parent, string name, int maxLength, bool required, string? path = null)
    {
        path ??= "$." + name;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(path, "is missing.");
            }
            return null;
        }
        return Text(value, path, maxLength);
    }

    private string? Text(JsonElement value, string path, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(path, "must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Problem(path, "must not be empty.");
            return null;
        }
        if (text.Length > maxLength)
        {
            Problem(path, string.Create(CultureInfo.InvariantCulture, $"is longer than {maxLength} characters."));
            return null;
        }
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Problem(path, "contains control characters.");
            return null;
        }
        return text;
    }

    private void Localized(JsonElement parent, string name, string path, bool required, int maxLength)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(path, "is missing: give { \"de\": \"…\", \"en\": \"…\" }.");
            }
            return;
        }
        LocalizedValue(value, path, maxLength, new HashSet<string>(["de", "en"], StringComparer.Ordinal), urlAllowed: false);
    }

    private void LocalizedValue(JsonElement value, string path, int maxLength, IReadOnlySet<string> known, bool urlAllowed)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(path, "must be an object with German and English text: { \"de\": \"…\", \"en\": \"…\" }.");
            return;
        }
        UnknownProperties(value, path, known);
        OptionalString(value, "de", maxLength, required: true, path + ".de");
        OptionalString(value, "en", maxLength, required: true, path + ".en");
        if (urlAllowed)
        {
            Url(value, path + ".url");
        }
    }

    private void Url(JsonElement parent, string path)
    {
        if (!parent.TryGetProperty("url", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        var url = Text(value, path, 2000);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            Problem(path, $"'{url}' is not an absolute http or https address.");
        }
    }

    private void OneOf(JsonElement parent, string name, IReadOnlySet<string> allowed)
    {
        var value = RequiredString(parent, name, 64);
        if (value is not null && !allowed.Contains(value))
        {
            Problem("$." + name, $"'{value}' is not allowed; use one of: {string.Join(", ", allowed)}.");
        }
    }

    private void Integer(JsonElement parent, string name, int min, int max, bool required)
    {
        var path = "$." + name;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Problem(path, "is missing (needed for an online application).");
            }
            return;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Problem(path, "must be a whole number.");
            return;
        }
        if (number < min || number > max)
        {
            Problem(path, string.Create(CultureInfo.InvariantCulture, $"must lie between {min} and {max}, not {number}."));
        }
    }

    private List<(JsonElement Item, string Path)> Array(JsonElement parent, string name, int maxItems)
    {
        var path = "$." + name;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(path, "must be a list.");
            return [];
        }
        if (value.GetArrayLength() > maxItems)
        {
            Problem(path, string.Create(CultureInfo.InvariantCulture, $"has more than {maxItems} entries."));
            return [];
        }
        return value.EnumerateArray().Select((item, i) => (item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"))).ToList();
    }

    private void Keywords(JsonElement root)
    {
        if (!root.TryGetProperty("keywords", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem("$.keywords", "must be an object with German and English lists: { \"de\": [\"…\"], \"en\": [\"…\"] }.");
            return;
        }
        UnknownProperties(value, "$.keywords", new HashSet<string>(["de", "en"], StringComparer.Ordinal));
        foreach (var language in new[] { "de", "en" })
        {
            var path = "$.keywords." + language;
            if (!value.TryGetProperty(language, out var list) || list.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > 50)
            {
                Problem(path, "must be a list of at most 50 words.");
                continue;
            }
            var i = 0;
            foreach (var word in list.EnumerateArray())
            {
                Text(word, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), 100);
            }
        }
    }

    private void Fees(JsonElement root)
    {
        var known = new HashSet<string>(["label", "amount", "note"], StringComparer.Ordinal);
        foreach (var (fee, path) in Array(root, "fees", 50))
        {
            if (fee.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "must be an object { \"label\", \"amount\", \"note\" }.");
                continue;
            }
            UnknownProperties(fee, path, known);
            Localized(fee, "label", path + ".label", required: true, maxLength: 300);
            Localized(fee, "note", path + ".note", required: false, maxLength: 1000);
            if (!fee.TryGetProperty("amount", out var amount))
            {
                Problem(path + ".amount", "is missing: the fee in euros, 0 when free.");
            }
            else if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var euros))
            {
                Problem(path + ".amount", "must be a number of euros (e.g. 25.50).");
            }
            else if (euros < 0 || euros > 1_000_000 || euros != Math.Round(euros, 2))
            {
                Problem(path + ".amount", string.Create(CultureInfo.InvariantCulture, $"{euros} is not an amount in euros between 0 and 1000000 with at most two decimals."));
            }
        }
    }

    private void Evidence(JsonElement root)
    {
        var known = new HashSet<string>(["label", "required"], StringComparer.Ordinal);
        foreach (var (evidence, path) in Array(root, "evidence", 50))
        {
            if (evidence.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "must be an object { \"label\", \"required\" }.");
                continue;
            }
            UnknownProperties(evidence, path, known);
            Localized(evidence, "label", path + ".label", required: true, maxLength: 300);
            if (!evidence.TryGetProperty("required", out var required) || required.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Problem(path + ".required", "must be true or false.");
            }
        }
    }

    private void LegalBasis(JsonElement root)
    {
        var known = new HashSet<string>(["de", "en", "url"], StringComparer.Ordinal);
        foreach (var (reference, path) in Array(root, "legalBasis", 50))
        {
            LocalizedValue(reference, path, 300, known, urlAllowed: true);
        }
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*\\.[a-z][a-zA-Z0-9]*$")]
    private static partial Regex FieldPathPattern();

    /// <summary>
    /// <c>transfers</c>: [{ "to", "service", "fields", "legalBasis" }]. Whether each field exists in form.json is checked by
    /// the package reader, which has the form.
    /// </summary>
    private void Transfers(JsonElement root, string? serviceId, bool hasProcedure)
    {
        var known = new HashSet<string>(["to", "service", "fields", "legalBasis"], StringComparer.Ordinal);
        var items = Array(root, "transfers", 20);
        if (items.Count > 0 && !hasProcedure)
        {
            Problem("$.transfers", "is given, but the service has no procedure (onlineApplication and internal are false): there is no data to pass on.");
            return;
        }
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (transfer, path) in items)
        {
            if (transfer.ValueKind != JsonValueKind.Object)
            {
                Problem(path, "must be an object { \"to\", \"service\", \"fields\", \"legalBasis\" }.");
                continue;
            }
            UnknownProperties(transfer, path, known);
            var to = OptionalString(transfer, "to", 63, required: true, path + ".to");
            if (to is not null && !DepartmentKeyPattern().IsMatch(to))
            {
                Problem(path + ".to", $"'{to}' is not a department key: 2–63 lower-case letters, digits and hyphens.");
            }
            var service = OptionalString(transfer, "service", 63, required: true, path + ".service");
            if (service is not null && !ServiceIdPattern().IsMatch(service))
            {
                Problem(path + ".service", $"'{service}' is not a valid service id.");
            }
            else if (service is not null && service == serviceId)
            {
                Problem(path + ".service", "names this service itself; a transfer goes to another department's procedure.");
            }
            else if (service is not null && !targets.Add(service))
            {
                Problem(path + ".service", $"'{service}' receives a transfer twice; declare one transfer per receiving service.");
            }
            Localized(transfer, "legalBasis", path + ".legalBasis", required: true, maxLength: 500);
            TransferFields(transfer, path + ".fields");
        }
    }

    private void TransferFields(JsonElement transfer, string path)
    {
        if (!transfer.TryGetProperty("fields", out var fields) || fields.ValueKind == JsonValueKind.Null)
        {
            Problem(path, "is missing: list the fields passed on, e.g. [\"halter.familienname\"].");
            return;
        }
        if (fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() is 0 or > 200)
        {
            Problem(path, "must be a list of 1 to 200 field paths \"group.field\".");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var field in fields.EnumerateArray())
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]");
            var text = Text(field, itemPath, 200);
            if (text is null)
            {
                continue;
            }
            if (!FieldPathPattern().IsMatch(text))
            {
                Problem(itemPath, $"'{text}' is not a field path \"group.field\" (e.g. \"halter.familienname\", \"hunde.name\" for every dog).");
            }
            else if (!seen.Add(text))
            {
                Problem(itemPath, $"'{text}' is listed twice.");
            }
        }
    }

    private void ResponsibleAuthority(JsonElement root)
    {
        if (!root.TryGetProperty("responsibleAuthority", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        LocalizedValue(value, "$.responsibleAuthority", 300, new HashSet<string>(["de", "en", "url"], StringComparer.Ordinal), urlAllowed: true);
    }
}
