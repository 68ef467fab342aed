using Rathaus.Bpmn.Feel;

namespace Rathaus.Forms;

/// <summary>A group of fields (FIM: Datenfeldgruppe), rendered as a fieldset; repeatable groups hold a list of items.</summary>
public sealed class FormGroup
{
    internal FormGroup(
        string id,
        LocalizedText title,
        LocalizedText? hint,
        bool repeatable,
        int minItems,
        int maxItems,
        LocalizedText? itemTitle,
        FeelExpression? show,
        IReadOnlyList<FormField> fields,
        List<FormRule> rules)
    {
        Id = id;
        Title = title;
        Hint = hint;
        Repeatable = repeatable;
        MinItems = minItems;
        MaxItems = maxItems;
        ItemTitle = itemTitle;
        Show = show;
        Fields = fields.ToList().AsReadOnly();

        // Wrapped, not copied: the reader adds the group's rules once the group exists, then drops the list.
        Rules = rules.AsReadOnly();
        foreach (var field in fields)
        {
            field.Group = this;
        }
    }

    /// <summary>The group's id, unique in the form; the key in the data.</summary>
    public string Id { get; }

    /// <summary>The title (the fieldset's legend).</summary>
    public LocalizedText Title { get; }

    /// <summary>The help text, if any.</summary>
    public LocalizedText? Hint { get; }

    /// <summary>True when the data holds a list of items of this group.</summary>
    public bool Repeatable { get; }

    /// <summary>The least number of items of a repeatable group (JSON <c>min</c>).</summary>
    public int MinItems { get; }

    /// <summary>The most items of a repeatable group (JSON <c>max</c>).</summary>
    public int MaxItems { get; }

    /// <summary>The title of one item ("Hund" → "Hund 1"), if any.</summary>
    public LocalizedText? ItemTitle { get; }

    /// <summary>FEEL: the group exists only while this is true.</summary>
    public FeelExpression? Show { get; }

    /// <summary>The fields in their order.</summary>
    public IReadOnlyList<FormField> Fields { get; }

    /// <summary>The cross-field rules declared on this group.</summary>
    public IReadOnlyList<FormRule> Rules { get; }

    /// <summary>The page the group is on.</summary>
    public FormPage Page { get; internal set; } = null!;

    /// <summary>The field with an id, if any.</summary>
    public FormField? FindField(string id) => Fields.FirstOrDefault(f => f.Id == id);

    /// <summary>The group's path for an item (<c>hunde[1]</c>); the id when index is null.</summary>
    public string PathAt(int? index) =>
        index is int i ? Id + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" : Id;

    /// <inheritdoc />
    public override string ToString() => Id;
}
