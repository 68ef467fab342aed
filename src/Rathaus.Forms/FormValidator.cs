using System.Globalization;
using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>Checks the data of a form with the rules that drive its rendering (docs/forms.md).</summary>
public static class FormValidator
{
    /// <summary>
    /// Checks the data of the whole form, or of one page. Never throws for bad data: wrong shapes, unknown keys and
    /// hostile strings become errors. Rules see the whole data also when one page is checked.
    /// </summary>
    /// <param name="form">The form.</param>
    /// <param name="data">The data, keyed by group id.</param>
    /// <param name="pageId">Only this page's fields are checked (and reported); null: the whole form.</param>
    /// <param name="time">The clock for "today" in date limits and rules; the system clock when null.</param>
    public static FormValidationResult Validate(FormDefinition form, JsonObject data, string? pageId = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        FormPage? page = null;
        if (pageId is not null)
        {
            page = form.FindPage(pageId) ?? throw new ArgumentException($"The form {form.Id} has no page \"{pageId}\".", nameof(pageId));
        }

        var evaluation = new FormEvaluation(form, data, time ?? TimeProvider.System);
        var errors = new List<FormError>();
        foreach (var group in form.Groups)
        {
            if (page is null || ReferenceEquals(group.Page, page))
            {
                CheckGroup(evaluation, group, errors);
            }
        }

        if (page is null)
        {
            foreach (var rule in form.Rules.Where(r => r.Group is null))
            {
                if (FormFeelContext.IsFalse(rule.Validate, evaluation.Context(null, null)))
                {
                    errors.Add(RuleError(rule, string.Empty, null));
                }
            }

            foreach (var (key, _) in data)
            {
                if (form.FindGroup(key) is null)
                {
                    errors.Add(new FormError(SafeKey(key), FormErrorCodes.Unknown));
                }
            }
        }

        return new FormValidationResult(errors, BuildData(evaluation));
    }

    /// <summary>A key from the data made safe to show in a path: no control characters, at most 100 characters.</summary>
    internal static string SafeKey(string key)
    {
        var clean = ForbiddenCharacters.Remove(key.Length > 100 ? key[..100] + "…" : key, false);
        return clean.Length == 0 ? "?" : clean;
    }

    private static void CheckGroup(FormEvaluation evaluation, FormGroup group, List<FormError> errors)
    {
        var state = evaluation.State(group);
        if (!state.Visible)
        {
            return;
        }

        if (state.ShapeError is not null)
        {
            errors.Add(state.ShapeError);
        }

        if (group.Repeatable && state.ShapeError is null)
        {
            if (state.Items.Count < group.MinItems)
            {
                errors.Add(new FormError(group.Id, FormErrorCodes.MinItems, group: group, arguments: Argument("minItems", group.MinItems)));
            }
            else if (state.Items.Count > group.MaxItems)
            {
                errors.Add(new FormError(group.Id, FormErrorCodes.MaxItems, group: group, arguments: Argument("maxItems", group.MaxItems)));
            }
        }

        var rules = group.Rules.Concat(evaluation.Form.Rules.Where(r => ReferenceEquals(r.Group, group))).ToList();
        foreach (var item in state.Items)
        {
            if (item.ShapeError is not null)
            {
                errors.Add(item.ShapeError);
                continue;
            }

            CheckItem(evaluation, group, item, rules, errors);
        }
    }

    private static void CheckItem(FormEvaluation evaluation, FormGroup group, FormEvaluation.ItemState item, List<FormRule> rules, List<FormError> errors)
    {
        var context = evaluation.Context(group, item.Clean);
        var fieldsWithErrors = new HashSet<FormField>();
        var fieldErrors = new List<FormError>[group.Fields.Count];
        for (var f = 0; f < group.Fields.Count; f++)
        {
            var field = group.Fields[f];
            var list = fieldErrors[f] = [];
            if (!item.FieldVisible[f])
            {
                continue;
            }

            var value = item.Values[f];
            list.AddRange(value.Errors);
            if (value.State == ValueState.Invalid && value.Errors.Count == 0)
            {
                list.Add(new FormError(field.PathAt(item.Index), FormErrorCodes.Type, field: field, itemIndex: item.Index));
            }

            if (!value.Answered(field) && (field.Required || (field.Require is not null && FormFeelContext.IsTrue(field.Require, context))))
            {
                list.AddRange(RequiredErrors(field, item.Index));
            }

            if (list.Count > 0)
            {
                fieldsWithErrors.Add(field);
            }
        }

        var groupRuleErrors = new List<FormError>();
        foreach (var rule in rules)
        {
            // One message per input: a field that is already wrong, or hidden, is not checked against rules again.
            if (rule.Field is not null && (fieldsWithErrors.Contains(rule.Field) || !item.FieldVisible[IndexOf(group, rule.Field)]))
            {
                continue;
            }

            if (FormFeelContext.IsFalse(rule.Validate, context))
            {
                var error = RuleError(rule, rule.Field?.PathAt(item.Index) ?? group.PathAt(item.Index), item.Index);
                if (rule.Field is null)
                {
                    groupRuleErrors.Add(error);
                }
                else
                {
                    fieldErrors[IndexOf(group, rule.Field)].Add(error);
                    fieldsWithErrors.Add(rule.Field);
                }
            }
        }

        errors.AddRange(groupRuleErrors);
        foreach (var list in fieldErrors)
        {
            errors.AddRange(list);
        }

        if (item.Raw is not null)
        {
            foreach (var (key, _) in item.Raw)
            {
                if (group.FindField(key) is null)
                {
                    errors.Add(new FormError(group.PathAt(item.Index) + "." + SafeKey(key), FormErrorCodes.Unknown, group: group, itemIndex: item.Index));
                }
            }
        }
    }

    private static IEnumerable<FormError> RequiredErrors(FormField field, int? index)
    {
        var path = field.PathAt(index);
        if (field.Kind == FormFieldKind.Address)
        {
            // Each part is an input of its own; the summary links to each one that is empty.
            return FieldValueChecks.AddressParts.Select(part => FieldValueChecks.PartError(field, path + "." + part, index, FormErrorCodes.Required, part));
        }

        return [new FormError(path, FormErrorCodes.Required, field: field, itemIndex: index)];
    }

    private static FormError RuleError(FormRule rule, string path, int? index) =>
        new(path, FormErrorCodes.Rule, group: rule.Group, field: rule.Field, itemIndex: index,
            arguments: new Dictionary<string, string>(StringComparer.Ordinal) { ["rule"] = rule.Id }, rule: rule);

    private static Dictionary<string, string> Argument(string name, int value) =>
        new(StringComparer.Ordinal) { [name] = value.ToString(CultureInfo.InvariantCulture) };

    private static int IndexOf(FormGroup group, FormField field)
    {
        for (var i = 0; i < group.Fields.Count; i++)
        {
            if (ReferenceEquals(group.Fields[i], field))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The data to keep: shown fields only, valid values normalised, invalid ones as entered, unknown keys gone.</summary>
    private static JsonObject BuildData(FormEvaluation evaluation)
    {
        var data = new JsonObject();
        foreach (var group in evaluation.Form.Groups)
        {
            var state = evaluation.State(group);
            if (!state.Visible || !state.Present || state.ShapeError is not null)
            {
                continue;
            }

            if (group.Repeatable)
            {
                data[group.Id] = new JsonArray(state.Items.Select(i => (JsonNode?)ItemData(group, i)).ToArray());
            }
            else
            {
                data[group.Id] = ItemData(group, state.Items[0]);
            }
        }

        return data;
    }

    private static JsonObject ItemData(FormGroup group, FormEvaluation.ItemState item)
    {
        var obj = new JsonObject();
        for (var f = 0; f < group.Fields.Count; f++)
        {
            if (item.FieldVisible[f] && item.Values[f].Value is JsonNode value)
            {
                obj[group.Fields[f].Id] = value.DeepClone();
            }
        }

        return obj;
    }
}
