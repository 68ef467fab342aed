using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rathaus.Forms;

namespace Rathaus.Portal.Applications;

/// <summary>An error as a page shows it: where (a data path) and what, already translated.</summary>
public sealed record ShownError(string Path, string Message)
{
    public static IEnumerable<ShownError> From(IEnumerable<FormError> errors, CultureInfo culture) =>
        errors.Select(e => new ShownError(e.Path, e.Message(culture)));
}

/// <summary>One field of one item, for the <c>_FormField</c> partial.</summary>
public sealed record FieldView(FormView View, FormField Field, int? Index)
{
    public string Path => Field.PathAt(Index);

    public string Id => FormView.IdOf(Path);

    public string? Error => View.ErrorFor(Path);
}

/// <summary>
/// What the form partials need to render one page of a form: the definition, the data entered so far, the errors
/// of the last submit and the draft's files. Rendering reads the same definition the server validates with.
/// </summary>
public sealed class FormView(FormDefinition form, JsonObject data, IReadOnlyList<ShownError> errors, IReadOnlyList<DraftAttachment> attachments,
    CultureInfo culture, TimeProvider time)
{
    // The rules are evaluated once for the page, not once per field.
    private readonly FormVisibility _shown = FormRules.Evaluate(form, data, time);

    public FormDefinition Form => form;

    public JsonObject Data => data;

    public IReadOnlyList<ShownError> Errors => errors;

    public CultureInfo Culture => culture;

    public string Text(LocalizedText text) => text.Get(culture);

    /// <summary>An HTML id for a data path: <c>hunde[1].rasse</c> → <c>hunde-1-rasse</c>.</summary>
    public static string IdOf(string path) => path.Replace("[", "-", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
        .Replace('.', '-');

    /// <summary>The first error of a path (a field, an address part or a group), translated.</summary>
    public string? ErrorFor(string path) => errors.FirstOrDefault(e => e.Path == path)?.Message;

    /// <summary>Where an error summary link for a path jumps: the first input of the field.</summary>
    public string AnchorOf(string path)
    {
        var id = IdOf(path);
        var field = FieldAt(path);
        return field switch
        {
            { Kind: FormFieldKind.Radio } or { Kind: FormFieldKind.Checkbox, IsSingleCheckbox: false } => id + "-option-0",
            { Kind: FormFieldKind.YesNo } => id + "-ja",
            { Kind: FormFieldKind.Address } => id + "-street",
            _ => id,
        };
    }

    /// <summary>The field a path names (<c>hunde[1].rasse</c> → the field <c>rasse</c> of group <c>hunde</c>).</summary>
    public FormField? FieldAt(string path) => ItemPath.TryParseField(path, out var fieldPath, out _) ? form.FindField(fieldPath) : null;

    public bool IsRequired(FormField field, int? index) => _shown.IsRequired(field, index);

    /// <summary>The longest text the field takes (its own limit or its kind's).</summary>
    public static int? MaxLength(FormField field) => field.MaxLength ?? FormField.DefaultMaxLength(field.Kind);

    /// <summary>Errors of a repeatable group's item count (e.g. at least one dog).</summary>
    public string? GroupError(FormGroup group) => ErrorFor(group.Id);

    public bool IsVisible(FormGroup group) => _shown.IsVisible(group);

    public bool IsVisible(FormField field, int? index) => _shown.IsVisible(field, index);

    /// <summary>Items to render for a repeatable group: what was entered, and at least its minimum.</summary>
    public int ItemCount(FormGroup group) =>
        Math.Max(data[group.Id] is JsonArray items ? items.Count : 0, group.MinItems);

    public JsonNode? ValueOf(FormField field, int? index) => ValueAt(data, field, index);

    /// <summary>A field's value in the data (of item <paramref name="index"/> of a repeatable group).</summary>
    public static JsonNode? ValueAt(JsonObject data, FormField field, int? index)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(field);
        var container = index is int i ? (data[field.Group.Id] as JsonArray)?.ElementAtOrDefault(i) as JsonObject : data[field.Group.Id] as JsonObject;
        return container?[field.Id];
    }

    /// <summary>The value as an input shows it: numbers in the page's language, dates as ISO for date inputs.</summary>
    public string? InputValue(FormField field, int? index, string? part = null)
    {
        var value = ValueOf(field, index);
        if (part is not null)
        {
            value = (value as JsonObject)?[part];
        }
        return value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>().ToString(
                field.Kind == FormFieldKind.Amount ? "0.00" : "0.##########", culture),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
            _ => value.ToJsonString(),
        };
    }

    public bool IsChecked(FormField field, int? index, string optionValue) =>
        ValueOf(field, index) switch
        {
            JsonArray list => list.Any(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == optionValue),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == optionValue,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (v.GetValue<bool>() ? "true" : "false") == optionValue,
            _ => false,
        };

    /// <summary>The files uploaded for a file field (in this item): those its value refers to.</summary>
    public IEnumerable<DraftAttachment> FilesOf(FormField field, int? index)
    {
        var ids = (ValueOf(field, index) as JsonArray)?.Select(AttachmentReferences.IdOf).ToHashSet() ?? [];
        return attachments.Where(a => ids.Contains(a.Id));
    }

    /// <summary>A value as the review page and the receipt show it, in words.</summary>
    public string Display(FormField field, int? index, Func<string, string> text)
    {
        var value = ValueOf(field, index);
        return Describe(field, value, culture, text);
    }

    public static string Describe(FormField field, JsonNode? value, CultureInfo culture, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(text);
        switch (value)
        {
            case null:
                return "–";
            case JsonArray list when field.Kind == FormFieldKind.File:
                return list.Count == 0 ? "–" : string.Join(", ", list.Select(f => f?["name"]?.GetValue<string>() ?? "?"));
            case JsonArray list:
                return list.Count == 0 ? "–" : string.Join(", ", list.Select(v => OptionLabel(field, v?.GetValue<string>(), culture)));
            case JsonObject address when field.Kind == FormFieldKind.Address:
                return $"{address["street"]?.GetValue<string>()} {address["houseNumber"]?.GetValue<string>()}, {address["postalCode"]?.GetValue<string>()} {address["city"]?.GetValue<string>()}".Trim();
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValue<bool>() ? text("Form.Yes") : text("Form.No");
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var number = v.GetValue<decimal>();
                return field.Kind == FormFieldKind.Amount ? number.ToString("C", culture.Name == "de" ? CultureInfo.GetCultureInfo("de-DE") : culture) : number.ToString("0.##########", culture);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                if (field.Kind == FormFieldKind.Date && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date.ToString("d", culture);
                }
                return field.Kind is FormFieldKind.Select or FormFieldKind.Radio ? OptionLabel(field, s, culture) : s;
            default:
                return value.ToJsonString();
        }
    }

    private static string OptionLabel(FormField field, string? value, CultureInfo culture) =>
        value is null ? "–" : field.FindOption(value)?.Label.Get(culture) ?? value;
}

/// <summary>
/// The answers of a form page by page, read-only, for the <c>_FormAnswers</c> partial: the applicant's review page
/// and the caseworker's case view show an application the same way.
/// </summary>
/// <param name="HeadingLevel">Level of the page headings (groups one below): 2 on a page of its own, 3 inside a section.</param>
/// <param name="ChangeLink">Where to change a page's answers (the review page); null for none.</param>
/// <param name="FileLink">Where to see an uploaded file, by its id (the case view); null to name the files only.</param>
public sealed record AnswersView(FormView View, IReadOnlyList<FormPage> Pages, int HeadingLevel = 2,
    Func<FormPage, string>? ChangeLink = null, Func<Guid, string>? FileLink = null);

/// <summary>One group (all items of a repeatable one), for the <c>_FormGroup</c> partial.</summary>
public sealed record GroupView(FormView View, FormGroup Group);

/// <summary>File sizes as people read them.</summary>
public static class FileSize
{
    public static string Format(long bytes, CultureInfo culture) => bytes switch
    {
        < 1024 => bytes.ToString("0 'B'", culture),
        < 1024 * 1024 => (bytes / 1024d).ToString("0.# 'KB'", culture),
        _ => (bytes / 1024d / 1024d).ToString("0.# 'MB'", culture),
    };
}
