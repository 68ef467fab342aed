using Rathaus.Bpmn.Feel;

namespace Rathaus.Forms;

/// <summary>A cross-field check (FIM: Regel): the expression must not be false, else the message is shown on the field.</summary>
public sealed class FormRule
{
    internal FormRule(string id, FeelExpression validate, FormGroup? group, FormField? field, LocalizedText message)
    {
        Id = id;
        Validate = validate;
        Group = group;
        Field = field;
        Message = message;
    }

    /// <summary>The rule's id, unique in the form; reported as the error argument <c>rule</c>.</summary>
    public string Id { get; }

    /// <summary>FEEL: must be true; null (a value is missing) passes.</summary>
    public FeelExpression Validate { get; }

    /// <summary>
    /// The group whose fields the expression sees unprefixed, and per item of which it is checked: the group of
    /// <see cref="Field"/> or the group the rule is declared on; null for a form rule without a field.
    /// </summary>
    public FormGroup? Group { get; }

    /// <summary>The field the message is shown on; null when shown on the group or the form.</summary>
    public FormField? Field { get; }

    /// <summary>The message.</summary>
    public LocalizedText Message { get; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
