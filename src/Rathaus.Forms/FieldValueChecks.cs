using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>Whether a field has an answer, and whether it is valid.</summary>
internal enum ValueState
{
    Missing,
    Valid,
    Invalid,
}

/// <summary>The result of checking one field's value on its own (no rules).</summary>
/// <param name="State">Missing, valid or invalid.</param>
/// <param name="Value">Valid: the normalised value; invalid: the value to keep for showing it again (null: drop it).</param>
/// <param name="Errors">The problems; empty unless invalid.</param>
internal sealed record CheckedValue(ValueState State, JsonNode? Value, IReadOnlyList<FormError> Errors)
{
    public static readonly CheckedValue Missing = new(ValueState.Missing, null, []);

    public static CheckedValue Valid(JsonNode value) => new(ValueState.Valid, value, []);

    public static CheckedValue Invalid(FormError error, JsonNode? keep) => new(ValueState.Invalid, keep, [error]);

    /// <summary>True when a required field counts as answered: a single checkbox must be ticked.</summary>
    public bool Answered(FormField field) =>
        State != ValueState.Missing && !(field.IsSingleCheckbox && State == ValueState.Valid && Value is JsonValue v && v.GetValueKind() == JsonValueKind.False);
}

/// <summary>The built-in checks of each field kind, as in the table of docs/forms.md.</summary>
internal static class FieldValueChecks
{
    public static readonly string[] AddressParts = ["street", "houseNumber", "postalCode", "city"];

    private static readonly Dictionary<string, int> AddressPartLengths = new(StringComparer.Ordinal)
    {
        ["street"] = 100,
        ["houseNumber"] = 20,
        ["postalCode"] = 5,
        ["city"] = 100,
    };

    private static readonly string[] FileProperties = ["id", "name", "contentType", "size"];

    public static CheckedValue Check(FormField field, JsonNode? raw, string path, int? index, DateOnly today)
    {
        if (raw is null)
        {
            return CheckedValue.Missing;
        }

        return field.Kind switch
        {
            FormFieldKind.Number or FormFieldKind.Amount => CheckNumber(field, raw, path, index),
            FormFieldKind.Date => CheckDate(field, raw, path, index, today),
            FormFieldKind.Checkbox when field.IsSingleCheckbox => CheckBoolean(field, raw, path, index),
            FormFieldKind.Checkbox => CheckOptionList(field, raw, path, index),
            FormFieldKind.YesNo => CheckBoolean(field, raw, path, index),
            FormFieldKind.File => CheckFiles(field, raw, path, index),
            FormFieldKind.Address => CheckAddress(field, raw, path, index),
            _ => CheckText(field, raw, path, index),
        };
    }

    private static FormError Error(FormField field, string path, int? index, string code, string? argument = null, string? value = null) =>
        new(path, code, field: field, itemIndex: index,
            arguments: argument is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [argument] = value ?? string.Empty });

    private static CheckedValue WrongType(FormField field, string path, int? index) =>
        CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Type), null);

    private static string? AsString(JsonNode raw) =>
        raw is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A JSON number as decimal, whether parsed from text or created in code from an int, long or double.</summary>
    public static bool TryGetDecimal(JsonValue value, out decimal number)
    {
        number = 0;
        return value.GetValueKind() == JsonValueKind.Number
            && (value.TryGetValue(out number)
                || decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number));
    }

    private static CheckedValue CheckText(FormField field, JsonNode raw, string path, int? index)
    {
        var text = AsString(raw);
        if (text is null)
        {
            return WrongType(field, path, index);
        }

        var multiline = field.Kind == FormFieldKind.Multiline;
        if (ForbiddenCharacters.Has(text, multiline))
        {
            var kept = ForbiddenCharacters.Remove(text, multiline).Trim();
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.ControlCharacters), kept.Length == 0 ? null : JsonValue.Create(kept));
        }

        text = text.Trim();
        if (multiline)
        {
            text = text.ReplaceLineEndings("\n");
        }

        if (text.Length == 0)
        {
            return CheckedValue.Missing;
        }

        var keep = JsonValue.Create(text);
        if (field.MaxLength is int max && text.Length > max)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.MaxLength, "maxLength", max.ToString(CultureInfo.InvariantCulture)), keep);
        }

        if (field.MinLength is int min && text.Length < min)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.MinLength, "minLength", min.ToString(CultureInfo.InvariantCulture)), keep);
        }

        string? normalised = field.Kind switch
        {
            FormFieldKind.Email => Checks.IsEmail(text) ? text : null,
            FormFieldKind.Phone => Checks.IsPhone(text) ? text : null,
            FormFieldKind.Iban => Checks.NormaliseIban(text),
            FormFieldKind.Plate => Checks.NormalisePlate(text),
            FormFieldKind.Chip => Checks.NormaliseChip(text),
            FormFieldKind.Select or FormFieldKind.Radio => field.FindOption(text) is null ? null : text,
            _ => text,
        };
        if (normalised is null)
        {
            var code = field.Kind switch
            {
                FormFieldKind.Email => FormErrorCodes.Email,
                FormFieldKind.Phone => FormErrorCodes.Phone,
                FormFieldKind.Iban => FormErrorCodes.Iban,
                FormFieldKind.Plate => FormErrorCodes.Plate,
                FormFieldKind.Chip => FormErrorCodes.Chip,
                _ => FormErrorCodes.Option,
            };
            return CheckedValue.Invalid(Error(field, path, index, code), keep);
        }

        if (field.PatternRegex is { } regex && !regex.IsMatch(normalised))
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Pattern), keep);
        }

        return CheckedValue.Valid(JsonValue.Create(normalised));
    }

    private static CheckedValue CheckNumber(FormField field, JsonNode raw, string path, int? index)
    {
        decimal number;
        if (raw is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            if (!TryGetDecimal(value, out number))
            {
                return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Number), null);
            }
        }
        else if (AsString(raw) is string text)
        {
            // The binder converted what it could; a string here is what the person typed, or an API client's "12.5".
            text = text.Trim();
            if (text.Length == 0)
            {
                return CheckedValue.Missing;
            }

            if (ForbiddenCharacters.Has(text, false) || text.Length > 40
                || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                var kept = ForbiddenCharacters.Remove(text, false);
                return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Number), kept.Length is 0 or > 40 ? null : JsonValue.Create(kept));
            }
        }
        else
        {
            return WrongType(field, path, index);
        }

        var keep = JsonValue.Create(Checks.Normalise(number));
        if (field.DataType == FormDataType.Integer && decimal.Truncate(number) != number)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.WholeNumber), keep);
        }

        if (field.Kind == FormFieldKind.Amount && decimal.Round(number, 2) != number)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Amount), keep);
        }

        if (field.MinNumber is decimal min && number < min)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Min, "min", Checks.Normalise(min).ToString(CultureInfo.InvariantCulture)), keep);
        }

        if (field.MaxNumber is decimal max && number > max)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Max, "max", Checks.Normalise(max).ToString(CultureInfo.InvariantCulture)), keep);
        }

        return CheckedValue.Valid(keep);
    }

    private static CheckedValue CheckDate(FormField field, JsonNode raw, string path, int? index, DateOnly today)
    {
        var text = AsString(raw);
        if (text is null)
        {
            return WrongType(field, path, index);
        }

        text = ForbiddenCharacters.Remove(text, false).Trim();
        if (text.Length == 0)
        {
            return CheckedValue.Missing;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Date), text.Length > 40 ? null : JsonValue.Create(text));
        }

        var keep = JsonValue.Create(text);
        if (field.MinDate?.Resolve(today) is DateOnly min && date < min)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Min, "min", Checks.Iso(min)), keep);
        }

        if (field.MaxDate?.Resolve(today) is DateOnly max && date > max)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Max, "max", Checks.Iso(max)), keep);
        }

        return CheckedValue.Valid(keep);
    }

    private static CheckedValue CheckBoolean(FormField field, JsonNode raw, string path, int? index)
    {
        if (raw is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return CheckedValue.Valid(JsonValue.Create(value.GetValueKind() == JsonValueKind.True));
        }

        if (AsString(raw) is string text)
        {
            var kept = ForbiddenCharacters.Remove(text, false).Trim();
            return kept.Length == 0
                ? CheckedValue.Missing
                : CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Option), kept.Length > 40 ? null : JsonValue.Create(kept));
        }

        return WrongType(field, path, index);
    }

    private static CheckedValue CheckOptionList(FormField field, JsonNode raw, string path, int? index)
    {
        if (raw is not JsonArray array)
        {
            return WrongType(field, path, index);
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var invalid = false;
        foreach (var item in array)
        {
            var value = item is null ? null : AsString(item);
            if (value is null || field.FindOption(value.Trim()) is null)
            {
                invalid = true;
                continue;
            }

            chosen.Add(value.Trim());
        }

        // In the order of the options, so the stored list does not depend on the order of the post.
        var list = new JsonArray(field.Options.Where(o => chosen.Contains(o.Value)).Select(o => (JsonNode?)JsonValue.Create(o.Value)).ToArray());
        if (invalid)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.Option), list);
        }

        return list.Count == 0 ? CheckedValue.Missing : CheckedValue.Valid(list);
    }

    private static CheckedValue CheckFiles(FormField field, JsonNode raw, string path, int? index)
    {
        if (raw is not JsonArray array)
        {
            return WrongType(field, path, index);
        }

        var files = new JsonArray();
        foreach (var item in array)
        {
            var file = NormaliseFile(item);
            if (file is null)
            {
                return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.File), null);
            }

            files.Add(file);
        }

        if (files.Count == 0)
        {
            return CheckedValue.Missing;
        }

        if (files.Count > field.MaxFiles)
        {
            return CheckedValue.Invalid(Error(field, path, index, FormErrorCodes.MaxFiles, "maxFiles", field.MaxFiles.ToString(CultureInfo.InvariantCulture)), files);
        }

        return CheckedValue.Valid(files);
    }

    private static JsonObject? NormaliseFile(JsonNode? node)
    {
        if (node is not JsonObject obj || obj.Any(p => !FileProperties.Contains(p.Key)))
        {
            return null;
        }

        var id = obj["id"] is JsonNode i ? AsString(i) : null;
        var name = obj["name"] is JsonNode n ? AsString(n) : null;
        var type = obj["contentType"] is JsonNode t ? AsString(t) : null;
        var size = obj["size"] is JsonValue s && TryGetDecimal(s, out var bytes) && bytes >= 0 && bytes <= long.MaxValue && decimal.Truncate(bytes) == bytes
            ? (long)bytes
            : (long?)null;
        if (id is not { Length: > 0 and <= 100 } || name is not { Length: > 0 and <= 255 } || type is not { Length: > 0 and <= 100 } || size is null
            || ForbiddenCharacters.Has(id + name + type, false))
        {
            return null;
        }

        return new JsonObject { ["id"] = id, ["name"] = name, ["contentType"] = type, ["size"] = size.Value };
    }

    private static CheckedValue CheckAddress(FormField field, JsonNode raw, string path, int? index)
    {
        if (raw is not JsonObject obj)
        {
            return WrongType(field, path, index);
        }

        var errors = new List<FormError>();
        var parts = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (!AddressParts.Contains(key))
            {
                errors.Add(new FormError(path + "." + FormValidator.SafeKey(key), FormErrorCodes.Unknown, field: field, itemIndex: index));
            }
        }

        foreach (var part in AddressParts)
        {
            var partPath = path + "." + part;
            if (obj[part] is not JsonNode node)
            {
                continue;
            }

            var text = AsString(node);
            if (text is null)
            {
                errors.Add(PartError(field, partPath, index, FormErrorCodes.Type, part));
                continue;
            }

            if (ForbiddenCharacters.Has(text, false))
            {
                errors.Add(PartError(field, partPath, index, FormErrorCodes.ControlCharacters, part));
                text = ForbiddenCharacters.Remove(text, false);
            }

            text = text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            parts[part] = text;
            if (text.Length > AddressPartLengths[part] && part != "postalCode")
            {
                errors.Add(PartError(field, partPath, index, FormErrorCodes.MaxLength, part, ("maxLength", AddressPartLengths[part].ToString(CultureInfo.InvariantCulture))));
            }
            else if (part == "postalCode" && !(text.Length == 5 && text.All(char.IsAsciiDigit)))
            {
                errors.Add(PartError(field, partPath, index, FormErrorCodes.PostalCode, part));
            }
        }

        if (parts.Count == 0 && errors.Count == 0)
        {
            return CheckedValue.Missing;
        }

        if (parts.Count > 0)
        {
            // An address is complete or absent: a street without a city reaches nobody.
            foreach (var part in AddressParts)
            {
                if (!parts.ContainsKey(part) && !errors.Any(e => e.Path == path + "." + part))
                {
                    errors.Add(PartError(field, path + "." + part, index, FormErrorCodes.Required, part));
                }
            }
        }

        errors.Sort((a, b) => PartOrder(a).CompareTo(PartOrder(b)));
        return errors.Count == 0 ? CheckedValue.Valid(parts) : new CheckedValue(ValueState.Invalid, parts, errors);
    }

    private static int PartOrder(FormError error) =>
        error.Arguments.TryGetValue("part", out var part) ? System.Array.IndexOf(AddressParts, part) : AddressParts.Length;

    public static FormError PartError(FormField field, string path, int? index, string code, string part, (string Key, string Value)? extra = null)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal) { ["part"] = part };
        if (extra is { } e)
        {
            arguments[e.Key] = e.Value;
        }

        return new FormError(path, code, field: field, itemIndex: index, arguments: arguments);
    }
}
