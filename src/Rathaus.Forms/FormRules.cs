using System.Text.Json.Nodes;

namespace Rathaus.Forms;

/// <summary>
/// Evaluates the <c>show</c> and <c>require</c> rules for rendering, exactly as <see cref="FormValidator"/> does,
/// so a page shows what the server will check.
/// </summary>
public static class FormRules
{
    /// <summary>Evaluates every rule once; use the result for a whole page instead of asking field by field.</summary>
    public static FormVisibility Evaluate(FormDefinition form, JsonObject data, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        return new FormVisibility(new FormEvaluation(form, data, time ?? TimeProvider.System));
    }

    /// <summary>True when the group is shown for the data.</summary>
    public static bool IsVisible(FormDefinition form, JsonObject data, FormGroup group, TimeProvider? time = null) =>
        Evaluate(form, data, time).IsVisible(group);

    /// <summary>True when the field (of the item <paramref name="itemIndex"/> of a repeatable group) is shown for the data.</summary>
    public static bool IsVisible(FormDefinition form, JsonObject data, FormField field, int? itemIndex = null, TimeProvider? time = null) =>
        Evaluate(form, data, time).IsVisible(field, itemIndex);

    /// <summary>True when the field (of the item <paramref name="itemIndex"/>) is required for the data.</summary>
    public static bool IsRequired(FormDefinition form, JsonObject data, FormField field, int? itemIndex = null, TimeProvider? time = null) =>
        Evaluate(form, data, time).IsRequired(field, itemIndex);
}

/// <summary>The shown groups and fields and the required fields for one state of the data.</summary>
public sealed class FormVisibility
{
    private readonly FormEvaluation _evaluation;

    internal FormVisibility(FormEvaluation evaluation)
    {
        _evaluation = evaluation;
    }

    /// <summary>True when the group is shown.</summary>
    public bool IsVisible(FormGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _evaluation.IsVisible(group);
    }

    /// <summary>
    /// True when the field is shown: its group is shown and its own <c>show</c> is true for its item. An index past
    /// the items in the data (a new item) is evaluated as an empty item.
    /// </summary>
    public bool IsVisible(FormField field, int? itemIndex = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _evaluation.IsVisible(field, itemIndex);
    }

    /// <summary>True when the field is required: <c>required</c>, or <c>require</c> true for its item.</summary>
    public bool IsRequired(FormField field, int? itemIndex = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _evaluation.IsRequired(field, itemIndex);
    }

    /// <summary>The number of items of a repeatable group in the data (0 when the group's value is not a list).</summary>
    public int ItemCount(FormGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Repeatable ? _evaluation.State(group).Items.Count : 1;
    }
}
