using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rathaus.Forms;

/// <summary>
/// Writes the values of a posted HTML page into the data of a form. Inputs are named by their paths
/// (<c>halter.vorname</c>, <c>hunde[1].rasse</c>, <c>halter.anschrift.postalCode</c>). Converts what it can
/// (German and English numbers, dd.mm.yyyy dates, ticked boxes); a value that cannot be converted is kept as typed,
/// so the page shows it again and <see cref="FormValidator"/> names the error.
/// </summary>
public static partial class FormBinder
{
    /// <summary>
    /// Returns new data with the posted values of one page. Fields that were shown for the data before the post and
    /// whose inputs are missing from it are emptied (an unticked box is false, an unselected radio group is removed);
    /// fields that were hidden are left alone. File fields are never touched (uploads keep their own list).
    /// The items of a repeatable group are the indexes present in the post, in their order.
    /// </summary>
    /// <param name="form">The form.</param>
    /// <param name="data">The data before the post; not changed.</param>
    /// <param name="pageId">The page that was posted.</param>
    /// <param name="posted">The posted values by input name (several for a checkbox group).</param>
    /// <param name="culture">The page's culture, to read "1.500" (German: 1500) or "1,500" (English: 1500); German when null.</param>
    /// <param name="time">The clock for rules that use today(); the system clock when null.</param>
    public static JsonObject Apply(
        FormDefinition form,
        JsonObject data,
        string pageId,
        IReadOnlyDictionary<string, string[]> posted,
        CultureInfo? culture = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pageId);
        ArgumentNullException.ThrowIfNull(posted);
        var page = form.FindPage(pageId) ?? throw new ArgumentException($"The form {form.Id} has no page \"{pageId}\".", nameof(pageId));
        var english = culture?.TwoLetterISOLanguageName == "en";
        var shown = FormRules.Evaluate(form, data, time);
        var result = data.DeepClone().AsObject();
        foreach (var group in page.Groups)
        {
            var groupShown = shown.IsVisible(group);
            if (!group.Repeatable)
            {
                var item = result[group.Id] as JsonObject ?? [];
                if (BindItem(group, item, null, posted, english, field => groupShown && shown.IsVisible(field)) && item.Parent is null)
                {
                    result[group.Id] = item;
                }

                continue;
            }

            var indexes = PostedIndexes(group, posted);
            if (indexes.Count == 0)
            {
                // Nothing of the group on the page: it was not shown (or had no items), and stays as it is.
                continue;
            }

            var existing = result[group.Id] as JsonArray;
            var items = new JsonArray();
            foreach (var index in indexes)
            {
                var item = existing is not null && index < existing.Count && existing[index] is JsonObject old ? old.DeepClone().AsObject() : [];
                BindItem(group, item, index, posted, english, field => groupShown && shown.IsVisible(field, index));
                items.Add(item);
            }

            result[group.Id] = items;
        }

        return result;
    }

    /// <summary>Returns new data with one empty item added at the end of a repeatable group (unchanged at its max).</summary>
    public static JsonObject AddItem(FormDefinition form, JsonObject data, string groupId)
    {
        ArgumentNullException.ThrowIfNull(data);
        var group = RepeatableGroup(form, groupId);
        var result = data.DeepClone().AsObject();
        var items = result[group.Id] as JsonArray ?? [];
        if (items.Count < group.MaxItems)
        {
            items.Add(new JsonObject());
        }

        if (items.Parent is null)
        {
            result[group.Id] = items;
        }

        return result;
    }

    /// <summary>Returns new data without one item of a repeatable group (unchanged for an index that does not exist).</summary>
    public static JsonObject RemoveItem(FormDefinition form, JsonObject data, string groupId, int index)
    {
        ArgumentNullException.ThrowIfNull(data);
        var group = RepeatableGroup(form, groupId);
        var result = data.DeepClone().AsObject();
        if (result[group.Id] is JsonArray items && index >= 0 && index < items.Count)
        {
            items.RemoveAt(index);
        }

        return result;
    }

    /// <summary>Reads a number as a person types it: "1.234,56", "1234,56", "1234.56", "1,234.56", "-5", "12 €".</summary>
    public static decimal? ParseNumber(string text, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var english = culture?.TwoLetterISOLanguageName == "en";
        var t = text.Trim();
        if (t.EndsWith("EUR", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^3];
        }

        t = new string(t.Where(c => c != '€' && c != '\'' && !char.IsWhiteSpace(c)).ToArray());
        if (t.Length is 0 or > 40)
        {
            return null;
        }

        var dots = t.Count(c => c == '.');
        var commas = t.Count(c => c == ',');
        if (dots > 0 && commas > 0)
        {
            // Both: the last one separates the decimals, the other groups thousands.
            var decimalSeparator = t.LastIndexOf('.') > t.LastIndexOf(',') ? '.' : ',';
            var grouping = decimalSeparator == '.' ? ',' : '.';
            if (t.Count(c => c == decimalSeparator) > 1)
            {
                return null;
            }

            t = t.Replace(grouping.ToString(), string.Empty, StringComparison.Ordinal).Replace(',', '.');
        }
        else if (commas > 0)
        {
            t = commas > 1 || (english && ThousandsWithCommas().IsMatch(t))
                ? ThousandsWithCommas().IsMatch(t) ? t.Replace(",", string.Empty, StringComparison.Ordinal) : string.Empty
                : t.Replace(',', '.');
        }
        else if (dots > 1 || (!english && ThousandsWithDots().IsMatch(t)))
        {
            t = ThousandsWithDots().IsMatch(t) ? t.Replace(".", string.Empty, StringComparison.Ordinal) : string.Empty;
        }

        return decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? Checks.Normalise(d)
            : null;
    }

    /// <summary>Reads a date as ISO (2026-03-01) or German (1.3.2026, 01.03.2026); null otherwise.</summary>
    public static DateOnly? ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    private static FormGroup RepeatableGroup(FormDefinition form, string groupId)
    {
        ArgumentNullException.ThrowIfNull(form);
        var group = form.FindGroup(groupId) ?? throw new ArgumentException($"The form {form.Id} has no group \"{groupId}\".", nameof(groupId));
        return group.Repeatable ? group : throw new ArgumentException($"The group \"{groupId}\" is not repeatable.", nameof(groupId));
    }

    /// <summary>The item indexes named in the post (<c>hunde[0].name</c>, or a marker input <c>hunde[0]</c>), ascending, at most the group's max.</summary>
    private static List<int> PostedIndexes(FormGroup group, IReadOnlyDictionary<string, string[]> posted)
    {
        var prefix = group.Id + "[";
        var indexes = new SortedSet<int>();
        foreach (var key in posted.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var close = key.IndexOf(']', prefix.Length);
            if (close > prefix.Length && close - prefix.Length <= 4 && (close == key.Length - 1 || key[close + 1] == '.')
                && int.TryParse(key.AsSpan(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indexes.Add(index);
            }
        }

        return indexes.Take(group.MaxItems).ToList();
    }

    /// <summary>Binds one item; true when anything of it was posted or emptied.</summary>
    private static bool BindItem(FormGroup group, JsonObject item, int? index, IReadOnlyDictionary<string, string[]> posted, bool english, Func<FormField, bool> wasShown)
    {
        var touched = false;
        foreach (var field in group.Fields)
        {
            if (field.Kind == FormFieldKind.File)
            {
                continue;
            }

            var path = field.PathAt(index);
            if (field.Kind == FormFieldKind.Address)
            {
                var parts = new JsonObject();
                var any = false;
                foreach (var part in FieldValueChecks.AddressParts)
                {
                    if (posted.TryGetValue(path + "." + part, out var partValues))
                    {
                        any = true;
                        if (Last(partValues) is { } text && text.Trim().Length > 0)
                        {
                            parts[part] = text;
                        }
                    }
                }

                if (any || wasShown(field))
                {
                    Set(item, field.Id, parts.Count > 0 ? parts : null);
                    touched = true;
                }

                continue;
            }

            if (posted.TryGetValue(path, out var values))
            {
                Set(item, field.Id, Convert(field, values, english));
                touched = true;
            }
            else if (wasShown(field))
            {
                // A browser posts nothing for an unticked box or an unselected radio group.
                Set(item, field.Id, field.IsSingleCheckbox ? JsonValue.Create(false) : null);
                touched = true;
            }
        }

        return touched;
    }

    private static void Set(JsonObject item, string key, JsonNode? value)
    {
        if (value is null)
        {
            item.Remove(key);
        }
        else
        {
            item[key] = value;
        }
    }

    private static string? Last(string[] values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            if (values[i] is not null)
            {
                return values[i];
            }
        }

        return null;
    }

    private static JsonNode? Convert(FormField field, string[] values, bool english)
    {
        if (field.Kind == FormFieldKind.Checkbox)
        {
            if (field.IsSingleCheckbox)
            {
                // A hidden "false" before the box is allowed; any ticked value wins.
                return JsonValue.Create(values.Any(v => v is "true" or "on" or "1"));
            }

            var chosen = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToArray();
            return chosen.Length == 0 ? null : new JsonArray(chosen.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        var text = Last(values);
        if (text is null || text.Trim().Length == 0)
        {
            return null;
        }

        switch (field.Kind)
        {
            case FormFieldKind.Number or FormFieldKind.Amount:
                return ParseNumber(text, english ? CultureInfo.GetCultureInfo("en") : null) is decimal d ? JsonValue.Create(d) : JsonValue.Create(text.Trim());
            case FormFieldKind.Date:
                return ParseDate(text) is DateOnly date ? JsonValue.Create(Checks.Iso(date)) : JsonValue.Create(text.Trim());
            case FormFieldKind.YesNo:
                return text.Trim() switch
                {
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    var other => JsonValue.Create(other),
                };
            default:
                return JsonValue.Create(text);
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9]{1,3}(\.[0-9]{3})+$")]
    private static partial Regex ThousandsWithDots();

    [GeneratedRegex(@"^[-+]?[0-9]{1,3}(,[0-9]{3})+$")]
    private static partial Regex ThousandsWithCommas();
}
