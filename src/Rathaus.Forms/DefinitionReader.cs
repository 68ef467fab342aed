using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rathaus.Bpmn.Feel;

namespace Rathaus.Forms;

/// <summary>Reads a definition strictly and collects every problem with its JSON path, instead of stopping at the first.</summary>
internal sealed partial class DefinitionReader
{
    /// <summary>Largest definition read: a big real form is some 100 KB; a limit keeps a broken package from exhausting memory.</summary>
    internal const int MaxDefinitionChars = 1_000_000;

    /// <summary>Deepest nesting of the definition JSON; the format needs 10 levels.</summary>
    internal const int MaxDepth = 20;

    internal const int MaxPages = 50;
    internal const int MaxGroupsPerPage = 50;
    internal const int MaxFieldsPerGroup = 200;
    internal const int MaxFields = 1000;
    internal const int MaxOptions = 2000;
    internal const int MaxRules = 200;
    internal const int MaxTextLength = 4000;
    internal const int MaxExpressionLength = 2000;
    internal const int MaxExpressionNesting = 32;
    internal const int MaxPatternLength = 1000;
    internal const int MaxIdLength = 64;
    internal const int MaxOptionValueLength = 200;
    internal const int MaxRepeatableItems = 100;
    internal const int DefaultMaxItems = 20;
    internal const int MaxFilesLimit = 20;

    private static readonly string[] FormProperties = ["id", "version", "title", "pages", "rules"];
    private static readonly string[] PageProperties = ["id", "title", "groups"];
    private static readonly string[] GroupProperties = ["id", "title", "hint", "repeatable", "min", "max", "itemTitle", "show", "fields", "rules"];
    private static readonly string[] FieldProperties =
    [
        "id", "kind", "dataType", "label", "hint", "required", "require", "show", "minLength", "maxLength", "pattern",
        "patternMessage", "min", "max", "options", "codeList", "maxFiles", "autocomplete", "fim",
    ];

    private static readonly string[] RuleProperties = ["id", "validate", "field", "message"];
    private static readonly string[] OptionProperties = ["value", "label"];
    private static readonly string[] TextProperties = ["de", "en"];

    /// <summary>FEEL words that cannot be used as a name in an expression, so not as an id either.</summary>
    private static readonly HashSet<string> FeelKeywords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "between", "if", "then", "else", "for", "some", "every", "return", "satisfies",
        "instance", "of", "function", "true", "false", "null",
    };

    internal static readonly Dictionary<string, FormFieldKind> Kinds = new(StringComparer.Ordinal)
    {
        ["text"] = FormFieldKind.Text,
        ["multiline"] = FormFieldKind.Multiline,
        ["number"] = FormFieldKind.Number,
        ["amount"] = FormFieldKind.Amount,
        ["date"] = FormFieldKind.Date,
        ["select"] = FormFieldKind.Select,
        ["radio"] = FormFieldKind.Radio,
        ["checkbox"] = FormFieldKind.Checkbox,
        ["yesno"] = FormFieldKind.YesNo,
        ["file"] = FormFieldKind.File,
        ["address"] = FormFieldKind.Address,
        ["email"] = FormFieldKind.Email,
        ["phone"] = FormFieldKind.Phone,
        ["iban"] = FormFieldKind.Iban,
        ["plate"] = FormFieldKind.Plate,
        ["chip"] = FormFieldKind.Chip,
    };

    internal static readonly Dictionary<string, FormDataType> DataTypes = new(StringComparer.Ordinal)
    {
        ["text"] = FormDataType.Text,
        ["integer"] = FormDataType.Integer,
        ["decimal"] = FormDataType.Decimal,
        ["date"] = FormDataType.Date,
        ["boolean"] = FormDataType.Boolean,
        ["list"] = FormDataType.List,
        ["file"] = FormDataType.File,
        ["object"] = FormDataType.Object,
    };

    private readonly List<FormDefinitionProblem> _problems = [];
    private readonly HashSet<string> _ruleIds = new(StringComparer.Ordinal);
    private int _fieldCount;

    public FormDefinition Read(string json)
    {
        if (json.Length > MaxDefinitionChars)
        {
            throw new FormDefinitionException([new FormDefinitionProblem("$", $"the definition is larger than {MaxDefinitionChars} characters")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is long line
                ? FormattableString.Invariant($" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})")
                : string.Empty;
            throw new FormDefinitionException([new FormDefinitionProblem(ex.Path ?? "$", "not valid JSON" + where + ": " + FirstSentence(ex.Message))]);
        }

        using (document)
        {
            var form = ReadForm(document.RootElement);
            if (_problems.Count > 0 || form is null)
            {
                throw new FormDefinitionException(_problems);
            }

            return form;
        }
    }

    private FormDefinition? ReadForm(JsonElement root)
    {
        const string path = "$";
        var props = Object(root, path, FormProperties);
        if (props is null)
        {
            return null;
        }

        var id = RequiredString(props, "id", path);
        if (id is not null && (id.Length > MaxIdLength || !FormIdPattern().IsMatch(id)))
        {
            Problem(Child(path, "id"), $"must be lower-case letters, digits and hyphens, at most {MaxIdLength} characters (the service id)");
        }

        var version = RequiredString(props, "version", path);
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            Problem(Child(path, "version"), "must be a version like 1.0.0");
        }

        var title = Text(props, "title", path, required: true);
        var pages = new List<FormPage>();
        var pageIds = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, (FormGroup? Group, GroupDraft Draft)>(StringComparer.Ordinal);
        var pagesPath = Child(path, "pages");
        var pageElements = Array(props, "pages", path, required: true, min: 1, max: MaxPages);
        for (var p = 0; p < pageElements.Count; p++)
        {
            var page = ReadPage(pageElements[p], Index(pagesPath, p), pageIds, groups);
            if (page is not null)
            {
                pages.Add(page);
            }
        }

        var formRuleDrafts = ReadRuleDrafts(props, path);
        var formRules = new List<FormRule>();
        foreach (var draft in formRuleDrafts)
        {
            var rule = ResolveFormRule(draft, groups);
            if (rule is not null)
            {
                formRules.Add(rule);
            }
        }

        if (_problems.Count > 0 || id is null || version is null || title is null)
        {
            return null;
        }

        return new FormDefinition(id, version, title, pages, formRules);
    }

    private FormPage? ReadPage(JsonElement element, string path, HashSet<string> pageIds, Dictionary<string, (FormGroup? Group, GroupDraft Draft)> groups)
    {
        var props = Object(element, path, PageProperties);
        if (props is null)
        {
            return null;
        }

        var id = Id(props, path);
        if (id is not null && !pageIds.Add(id))
        {
            Problem(Child(path, "id"), $"the page id \"{id}\" is used twice");
        }

        var title = Text(props, "title", path, required: true);
        var groupList = new List<FormGroup>();
        var groupsPath = Child(path, "groups");
        var groupElements = Array(props, "groups", path, required: true, min: 1, max: MaxGroupsPerPage);
        for (var g = 0; g < groupElements.Count; g++)
        {
            var group = ReadGroup(groupElements[g], Index(groupsPath, g), groups);
            if (group is not null)
            {
                groupList.Add(group);
            }
        }

        return id is null || title is null || groupList.Count != groupElements.Count ? null : new FormPage(id, title, groupList);
    }

    private sealed record GroupDraft(string Path);

    private FormGroup? ReadGroup(JsonElement element, string path, Dictionary<string, (FormGroup? Group, GroupDraft Draft)> groups)
    {
        var props = Object(element, path, GroupProperties);
        if (props is null)
        {
            return null;
        }

        var id = Id(props, path);
        var duplicate = false;
        if (id is not null && groups.TryGetValue(id, out var earlier))
        {
            Problem(Child(path, "id"), $"the group id \"{id}\" is already used at {earlier.Draft.Path}; group ids are unique in the form");
            duplicate = true;
        }

        var title = Text(props, "title", path, required: true);
        var hint = Text(props, "hint", path, required: false);
        var repeatable = Bool(props, "repeatable", path) ?? false;
        var min = Int(props, "min", path, 0, MaxRepeatableItems);
        var max = Int(props, "max", path, 1, MaxRepeatableItems);
        var itemTitle = Text(props, "itemTitle", path, required: false);
        if (!repeatable)
        {
            foreach (var name in new[] { "min", "max", "itemTitle" })
            {
                if (Has(props, name))
                {
                    Problem(Child(path, name), "only a repeatable group has " + name);
                }
            }
        }

        var show = Expression(props, "show", path);
        var fields = new List<FormField>();
        var fieldIds = new HashSet<string>(StringComparer.Ordinal);
        var fieldsPath = Child(path, "fields");
        var fieldElements = Array(props, "fields", path, required: true, min: 1, max: MaxFieldsPerGroup);
        for (var f = 0; f < fieldElements.Count; f++)
        {
            var fieldPath = Index(fieldsPath, f);
            var field = ReadField(fieldElements[f], fieldPath);
            if (field is null)
            {
                continue;
            }

            if (!fieldIds.Add(field.Id))
            {
                Problem(Child(fieldPath, "id"), $"the field id \"{field.Id}\" is used twice in the group");
                continue;
            }

            fields.Add(field);
        }

        var minItems = min ?? (fields.Any(f => f.Required) ? 1 : 0);
        var maxItems = max ?? Math.Max(DefaultMaxItems, minItems);
        if (repeatable && minItems > maxItems)
        {
            Problem(Child(path, "min"), $"min ({minItems}) is greater than max ({maxItems})");
        }

        var ruleDrafts = ReadRuleDrafts(props, path);
        if (id is null || title is null || fields.Count != fieldElements.Count)
        {
            return null;
        }

        var rules = new List<FormRule>();
        var group = new FormGroup(id, title, hint, repeatable, repeatable ? minItems : 0, repeatable ? maxItems : 1, itemTitle, show, fields, rules);
        foreach (var draft in ruleDrafts)
        {
            FormField? target = null;
            if (draft.Field is not null)
            {
                var fieldId = draft.Field.StartsWith(id + ".", StringComparison.Ordinal) ? draft.Field[(id.Length + 1)..] : draft.Field;
                target = group.FindField(fieldId);
                if (target is null)
                {
                    Problem(Child(draft.Path, "field"), $"\"{draft.Field}\" names no field of the group \"{id}\"");
                    continue;
                }
            }

            rules.Add(new FormRule(draft.Id, draft.Validate, group, target, draft.Message));
        }

        if (!duplicate)
        {
            groups[id] = (group, new GroupDraft(path));
        }

        return group;
    }

    private FormField? ReadField(JsonElement element, string path)
    {
        var props = Object(element, path, FieldProperties);
        if (props is null)
        {
            return null;
        }

        if (++_fieldCount == MaxFields + 1)
        {
            Problem(path, $"a form has at most {MaxFields} fields");
        }

        var id = Id(props, path);
        var kindName = RequiredString(props, "kind", path);
        FormFieldKind? kind = null;
        if (kindName is not null)
        {
            if (Kinds.TryGetValue(kindName, out var k))
            {
                kind = k;
            }
            else
            {
                Problem(Child(path, "kind"), $"unknown kind \"{Shorten(kindName)}\"{Suggest(kindName, Kinds.Keys)}; one of: {string.Join(", ", Kinds.Keys)}");
            }
        }

        var label = Text(props, "label", path, required: true);
        var hint = Text(props, "hint", path, required: false);
        var required = Bool(props, "required", path) ?? false;
        var require = Expression(props, "require", path);
        if (required && require is not null)
        {
            Problem(Child(path, "require"), "a field is either always required or required by a rule: use \"required\" or \"require\", not both");
        }

        var show = Expression(props, "show", path);
        if (kind is not FormFieldKind k2)
        {
            return null;
        }

        var options = ReadOptions(props, path, k2);
        var dataType = ReadDataType(props, path, k2, options.Count > 0);
        int? minLength = null, maxLength = null;
        string? pattern = null;
        LocalizedText? patternMessage = null;
        decimal? minNumber = null, maxNumber = null;
        FormDateBound? minDate = null, maxDate = null;
        var maxFiles = 1;

        var isText = k2 is FormFieldKind.Text or FormFieldKind.Multiline;
        if (isText)
        {
            var limit = k2 == FormFieldKind.Text ? MaxTextLength : 100_000;
            minLength = Int(props, "minLength", path, 0, limit);
            maxLength = Int(props, "maxLength", path, 1, limit);
            if (minLength > (maxLength ?? FormField.DefaultMaxLength(k2)))
            {
                Problem(Child(path, "minLength"), $"minLength ({minLength}) is greater than maxLength ({maxLength ?? FormField.DefaultMaxLength(k2)})");
            }
        }
        else
        {
            NotFor(props, path, k2, "minLength", "maxLength");
        }

        if (k2 is FormFieldKind.Text or FormFieldKind.Multiline or FormFieldKind.Email or FormFieldKind.Phone
            or FormFieldKind.Iban or FormFieldKind.Plate or FormFieldKind.Chip)
        {
            pattern = OptionalString(props, "pattern", path);
            if (pattern is not null && !CheckPattern(pattern, Child(path, "pattern")))
            {
                pattern = null;
            }

            patternMessage = Text(props, "patternMessage", path, required: false);
            if (patternMessage is not null && pattern is null)
            {
                Problem(Child(path, "patternMessage"), "patternMessage needs a pattern");
            }
        }
        else
        {
            NotFor(props, path, k2, "pattern", "patternMessage");
        }

        if (k2 is FormFieldKind.Number or FormFieldKind.Amount)
        {
            minNumber = Number(props, "min", path);
            maxNumber = Number(props, "max", path);
            if (minNumber > maxNumber)
            {
                Problem(Child(path, "min"), $"min ({minNumber?.ToString(CultureInfo.InvariantCulture)}) is greater than max ({maxNumber?.ToString(CultureInfo.InvariantCulture)})");
            }

            if (k2 == FormFieldKind.Amount)
            {
                foreach (var (name, value) in new[] { ("min", minNumber), ("max", maxNumber) })
                {
                    if (value is decimal d && decimal.Round(d, 2) != d)
                    {
                        Problem(Child(path, name), "an amount limit has at most two decimals");
                    }
                }
            }
        }
        else if (k2 == FormFieldKind.Date)
        {
            minDate = DateBound(props, "min", path);
            maxDate = DateBound(props, "max", path);
            if (minDate is not null && maxDate is not null && minDate.IsRelative == maxDate.IsRelative)
            {
                // Relative limits are compared on one day; both move with today, so the order holds on every day.
                var day = new DateOnly(2001, 1, 1);
                if (minDate.Resolve(day) > maxDate.Resolve(day))
                {
                    Problem(Child(path, "min"), $"min ({minDate}) is later than max ({maxDate})");
                }
            }
        }
        else
        {
            NotFor(props, path, k2, "min", "max");
        }

        if (k2 == FormFieldKind.File)
        {
            maxFiles = Int(props, "maxFiles", path, 1, MaxFilesLimit) ?? 1;
        }
        else
        {
            NotFor(props, path, k2, "maxFiles");
        }

        var codeList = OptionalString(props, "codeList", path);
        if (codeList is not null)
        {
            if (options.Count == 0)
            {
                Problem(Child(path, "codeList"), "codeList names the code list of the options, so it needs options");
            }
            else if (!codeList.StartsWith("urn:", StringComparison.Ordinal) || codeList.Length > 300 || HasControl(codeList))
            {
                Problem(Child(path, "codeList"), "must be a URN (urn:de:…)");
            }
        }

        var autocomplete = OptionalString(props, "autocomplete", path);
        if (autocomplete is not null && (autocomplete.Length > 100 || !AutocompletePattern().IsMatch(autocomplete)))
        {
            Problem(Child(path, "autocomplete"), "must be an HTML autocomplete token such as \"email\" or \"postal-code\"");
        }

        var fim = OptionalString(props, "fim", path);
        if (fim is not null && (fim.Length > 100 || !FimPattern().IsMatch(fim)))
        {
            Problem(Child(path, "fim"), "must be a FIM Datenfeld id such as F60000227");
        }

        if (id is null || label is null)
        {
            return null;
        }

        return new FormField(
            id, k2, dataType, label, hint, required, require, show, minLength, maxLength, pattern, patternMessage,
            minNumber, maxNumber, minDate, maxDate, options, codeList, maxFiles, autocomplete, fim);
    }

    private List<FormOption> ReadOptions(Dictionary<string, JsonElement> props, string path, FormFieldKind kind)
    {
        var options = new List<FormOption>();
        if (kind is not (FormFieldKind.Select or FormFieldKind.Radio or FormFieldKind.Checkbox))
        {
            NotFor(props, path, kind, "options", "codeList");
            return options;
        }

        var needed = kind != FormFieldKind.Checkbox;
        var optionsPath = Child(path, "options");
        var elements = Array(props, "options", path, required: needed, min: 1, max: MaxOptions);
        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var optionPath = Index(optionsPath, i);
            var optionProps = Object(elements[i], optionPath, OptionProperties);
            if (optionProps is null)
            {
                continue;
            }

            var value = RequiredString(optionProps, "value", optionPath);
            var label = Text(optionProps, "label", optionPath, required: true);
            if (value is not null)
            {
                if (value.Length > MaxOptionValueLength || HasControl(value) || value.Trim() != value)
                {
                    Problem(Child(optionPath, "value"), $"an option value has at most {MaxOptionValueLength} characters, no control characters and no surrounding spaces");
                }
                else if (!values.Add(value))
                {
                    Problem(Child(optionPath, "value"), $"the option value \"{value}\" is used twice");
                }
            }

            if (value is not null && label is not null)
            {
                options.Add(new FormOption(value, label));
            }
        }

        return options;
    }

    private FormDataType ReadDataType(Dictionary<string, JsonElement> props, string path, FormFieldKind kind, bool hasOptions)
    {
        FormDataType[] allowed = kind switch
        {
            FormFieldKind.Number => [FormDataType.Decimal, FormDataType.Integer],
            FormFieldKind.Amount => [FormDataType.Decimal],
            FormFieldKind.Date => [FormDataType.Date],
            FormFieldKind.Checkbox => [hasOptions ? FormDataType.List : FormDataType.Boolean],
            FormFieldKind.YesNo => [FormDataType.Boolean],
            FormFieldKind.File => [FormDataType.File],
            FormFieldKind.Address => [FormDataType.Object],
            _ => [FormDataType.Text],
        };
        var name = OptionalString(props, "dataType", path);
        if (name is null)
        {
            return allowed[0];
        }

        if (DataTypes.TryGetValue(name, out var type) && allowed.Contains(type))
        {
            return type;
        }

        var names = allowed.Select(a => DataTypes.First(kv => kv.Value == a).Key);
        Problem(Child(path, "dataType"), $"\"{Shorten(name)}\" is not a data type of this field; allowed: {string.Join(", ", names)}");
        return allowed[0];
    }

    private sealed record RuleDraft(string Id, FeelExpression Validate, string? Field, LocalizedText Message, string Path);

    private List<RuleDraft> ReadRuleDrafts(Dictionary<string, JsonElement> props, string path)
    {
        var drafts = new List<RuleDraft>();
        var rulesPath = Child(path, "rules");
        var elements = Array(props, "rules", path, required: false, min: 0, max: MaxRules);
        for (var i = 0; i < elements.Count; i++)
        {
            var rulePath = Index(rulesPath, i);
            var ruleProps = Object(elements[i], rulePath, RuleProperties);
            if (ruleProps is null)
            {
                continue;
            }

            var id = Id(ruleProps, rulePath);
            if (id is not null && !_ruleIds.Add(id))
            {
                Problem(Child(rulePath, "id"), $"the rule id \"{id}\" is used twice");
            }

            var validate = Expression(ruleProps, "validate", rulePath);
            if (validate is null && !Has(ruleProps, "validate"))
            {
                Problem(Child(rulePath, "validate"), "is required");
            }

            var field = OptionalString(ruleProps, "field", rulePath);
            var message = Text(ruleProps, "message", rulePath, required: true);
            if (id is not null && validate is not null && message is not null)
            {
                drafts.Add(new RuleDraft(id, validate, field, message, rulePath));
            }
        }

        return drafts;
    }

    private FormRule? ResolveFormRule(RuleDraft draft, Dictionary<string, (FormGroup? Group, GroupDraft Draft)> groups)
    {
        if (draft.Field is null)
        {
            return new FormRule(draft.Id, draft.Validate, null, null, draft.Message);
        }

        var dot = draft.Field.IndexOf('.', StringComparison.Ordinal);
        var group = dot > 0 && groups.TryGetValue(draft.Field[..dot], out var entry) ? entry.Group : null;
        var field = group?.FindField(draft.Field[(dot + 1)..]);
        if (field is null)
        {
            Problem(Child(draft.Path, "field"), $"\"{Shorten(draft.Field)}\" names no field; write group.field, e.g. \"hund.abmeldedatum\"");
            return null;
        }

        return new FormRule(draft.Id, draft.Validate, group, field, draft.Message);
    }

    // ---- JSON helpers: each reports its problem with a path and returns null, so reading goes on.

    private Dictionary<string, JsonElement>? Object(JsonElement element, string path, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Problem(path, "must be an object, not " + Describe(element));
            return null;
        }

        var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Child(path, property.Name);
            if (!allowed.Contains(property.Name))
            {
                Problem(propertyPath, $"unknown property \"{Shorten(property.Name)}\"{Suggest(property.Name, allowed)}");
            }
            else if (!props.TryAdd(property.Name, property.Value))
            {
                Problem(propertyPath, "appears twice");
            }
        }

        return props;
    }

    private static bool Has(Dictionary<string, JsonElement> props, string name) =>
        props.TryGetValue(name, out var e) && e.ValueKind != JsonValueKind.Null;

    private List<JsonElement> Array(Dictionary<string, JsonElement> props, string name, string path, bool required, int min, int max)
    {
        var result = new List<JsonElement>();
        if (!Has(props, name))
        {
            if (required)
            {
                Problem(Child(path, name), "is required");
            }

            return result;
        }

        var element = props[name];
        if (element.ValueKind != JsonValueKind.Array)
        {
            Problem(Child(path, name), "must be a list, not " + Describe(element));
            return result;
        }

        var count = element.GetArrayLength();
        if (count < min)
        {
            Problem(Child(path, name), min == 1 ? "must not be empty" : $"needs at least {min} entries");
        }
        else if (count > max)
        {
            Problem(Child(path, name), $"has {count} entries, at most {max} are allowed");
            return result;
        }

        result.AddRange(element.EnumerateArray());
        return result;
    }

    private string? Id(Dictionary<string, JsonElement> props, string path)
    {
        var id = RequiredString(props, "id", path);
        if (id is null)
        {
            return null;
        }

        if (id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            Problem(Child(path, "id"), $"\"{Shorten(id)}\" is not an id: a lower-case letter, then letters and digits (camelCase), at most {MaxIdLength} characters");
            return null;
        }

        if (FeelKeywords.Contains(id))
        {
            Problem(Child(path, "id"), $"\"{id}\" is a FEEL keyword and cannot be named in a rule; choose another id");
            return null;
        }

        return id;
    }

    private string? RequiredString(Dictionary<string, JsonElement> props, string name, string path)
    {
        if (!Has(props, name))
        {
            Problem(Child(path, name), "is required");
            return null;
        }

        return OptionalString(props, name, path);
    }

    private string? OptionalString(Dictionary<string, JsonElement> props, string name, string path)
    {
        if (!Has(props, name))
        {
            return null;
        }

        var element = props[name];
        if (element.ValueKind != JsonValueKind.String)
        {
            Problem(Child(path, name), "must be a string, not " + Describe(element));
            return null;
        }

        var value = element.GetString()!;
        if (value.Trim().Length == 0)
        {
            Problem(Child(path, name), "must not be empty");
            return null;
        }

        return value;
    }

    private bool? Bool(Dictionary<string, JsonElement> props, string name, string path)
    {
        if (!Has(props, name))
        {
            return null;
        }

        var element = props[name];
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        Problem(Child(path, name), "must be true or false, not " + Describe(element));
        return null;
    }

    private int? Int(Dictionary<string, JsonElement> props, string name, string path, int min, int max)
    {
        if (!Has(props, name))
        {
            return null;
        }

        var element = props[name];
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(Child(path, name), $"must be a whole number from {min} to {max}");
        return null;
    }

    private decimal? Number(Dictionary<string, JsonElement> props, string name, string path)
    {
        if (!Has(props, name))
        {
            return null;
        }

        var element = props[name];
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value))
        {
            return value;
        }

        Problem(Child(path, name), "must be a number, not " + Describe(element));
        return null;
    }

    private FormDateBound? DateBound(Dictionary<string, JsonElement> props, string name, string path)
    {
        var text = OptionalString(props, name, path);
        if (text is null)
        {
            return null;
        }

        var bound = FormDateBound.TryParse(text);
        if (bound is null)
        {
            Problem(Child(path, name), $"\"{Shorten(text)}\" is not a date limit: YYYY-MM-DD, \"today\", or \"today+P30D\" / \"today-P18Y\"");
        }

        return bound;
    }

    private LocalizedText? Text(Dictionary<string, JsonElement> props, string name, string path, bool required)
    {
        var textPath = Child(path, name);
        if (!Has(props, name))
        {
            if (required)
            {
                Problem(textPath, "is required: { \"de\": \"…\", \"en\": \"…\" }");
            }

            return null;
        }

        var element = props[name];
        if (element.ValueKind == JsonValueKind.String)
        {
            Problem(textPath, "must have a German and an English text: { \"de\": \"…\", \"en\": \"…\" }");
            return null;
        }

        var textProps = Object(element, textPath, TextProperties);
        if (textProps is null)
        {
            return null;
        }

        var de = TextPart(textProps, "de", textPath, "German");
        var en = TextPart(textProps, "en", textPath, "English");
        return de is null || en is null ? null : new LocalizedText(de, en);
    }

    private string? TextPart(Dictionary<string, JsonElement> props, string language, string path, string languageName)
    {
        if (!Has(props, language))
        {
            Problem(Child(path, language), $"the {languageName} text is missing");
            return null;
        }

        var value = OptionalString(props, language, path);
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxTextLength)
        {
            Problem(Child(path, language), $"a text has at most {MaxTextLength} characters");
            return null;
        }

        if (value.Any(c => char.IsControl(c) && c != '\n'))
        {
            Problem(Child(path, language), "a text has no control characters other than line breaks");
            return null;
        }

        return value.Trim();
    }

    private FeelExpression? Expression(Dictionary<string, JsonElement> props, string name, string path)
    {
        var text = OptionalString(props, name, path);
        if (text is null)
        {
            return null;
        }

        var expressionPath = Child(path, name);
        if (text.Length > MaxExpressionLength)
        {
            Problem(expressionPath, $"an expression has at most {MaxExpressionLength} characters");
            return null;
        }

        // The FEEL parser is recursive; deep nesting is refused before it can exhaust the stack.
        var depth = 0;
        foreach (var c in text)
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            if (depth > MaxExpressionNesting)
            {
                Problem(expressionPath, $"an expression nests at most {MaxExpressionNesting} brackets deep");
                return null;
            }
        }

        try
        {
            return FeelExpression.Parse(text);
        }
        catch (FeelParseException ex)
        {
            Problem(expressionPath, FormattableString.Invariant($"the FEEL expression does not parse at position {ex.Offset + 1}: {ex.Message}"));
        }
        catch (Exception ex)
        {
            Problem(expressionPath, "the FEEL expression does not parse: " + ex.Message);
        }

        return null;
    }

    private bool CheckPattern(string pattern, string path)
    {
        if (pattern.Length > MaxPatternLength)
        {
            Problem(path, $"a pattern has at most {MaxPatternLength} characters");
            return false;
        }

        try
        {
            // The pattern alone first: only a complete expression may be wrapped into the whole-value match.
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            FormField.CreateRegex(pattern);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            Problem(path, "not a usable regular expression (backreferences, lookarounds and atomic groups are not supported): " + FirstSentence(ex.Message));
            return false;
        }
    }

    private void NotFor(Dictionary<string, JsonElement> props, string path, FormFieldKind kind, params string[] names)
    {
        foreach (var name in names)
        {
            if (props.ContainsKey(name))
            {
                var kindName = Kinds.First(kv => kv.Value == kind).Key;
                Problem(Child(path, name), $"a field of kind \"{kindName}\" has no {name}");
            }
        }
    }

    private void Problem(string path, string message) => _problems.Add(new FormDefinitionProblem(path, message));

    internal static bool HasControl(string value) => value.Any(char.IsControl);

    private static string Child(string path, string name) =>
        NamePattern().IsMatch(name) ? path + "." + name : path + "['" + Shorten(name).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Shorten(string text)
    {
        var clean = new string(text.Take(60).Select(c => char.IsControl(c) ? '\uFFFD' : c).ToArray());
        return text.Length > 60 ? clean + "…" : clean;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    /// <summary>" (did you mean \"label\"?)" for a misspelt name, so an author finds the typo at once.</summary>
    private static string Suggest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: Distance(name, k))).OrderBy(x => x.d).FirstOrDefault();
        return best.k is not null && best.d <= Math.Max(1, best.k.Length / 3) ? $" (did you mean \"{best.k}\"?)" : string.Empty;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 100)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        var beforePrevious = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    // A swap of two neighbours ("lable") counts as one edit.
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }

            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex FormIdPattern();

    [GeneratedRegex(@"^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[a-z0-9 -]+$")]
    private static partial Regex AutocompletePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex FimPattern();

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex NamePattern();
}
