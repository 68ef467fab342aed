using System.Text.Json.Nodes;
using Rathaus.Bpmn.Feel;

namespace Rathaus.Forms;

/// <summary>What a rule sees: the whole data by group id, and unprefixed the fields of its own group or item.</summary>
internal sealed class FormFeelContext(JsonObject data, FormGroup? group, JsonObject? item, TimeProvider time) : FeelContext
{
    public override TimeProvider Time => time;

    public override bool TryGetVariable(string name, out JsonNode? value)
    {
        // The own group's fields come first, also when missing (null), so a field named like a group stays the field.
        if (group?.FindField(name) is not null)
        {
            value = item?[name];
            return true;
        }

        return data.TryGetPropertyValue(name, out value);
    }

    /// <summary>Only true is true; null, false, other values and any failure are false.</summary>
    public static bool IsTrue(FeelExpression expression, FeelContext context)
    {
        try
        {
            return expression.EvaluateCondition(context);
        }
        catch (Exception)
        {
            // Evaluation is specified not to throw on data; should it still, hostile data must not become a server error.
            return false;
        }
    }

    /// <summary>Only false is false: a validate rule that cannot be evaluated (null) passes.</summary>
    public static bool IsFalse(FeelExpression expression, FeelContext context)
    {
        try
        {
            return expression.Evaluate(context) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
