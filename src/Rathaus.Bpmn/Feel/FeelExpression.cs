using System.Text.Json.Nodes;

namespace Rathaus.Bpmn.Feel;

/// <summary>Supplies variables (as JSON) and the clock to a FEEL evaluation.</summary>
public abstract class FeelContext
{
    /// <summary>The clock used by now() and today().</summary>
    public virtual TimeProvider Time => TimeProvider.System;

    /// <summary>Looks up a variable by name.</summary>
    public abstract bool TryGetVariable(string name, out JsonNode? value);
}

/// <summary>A FEEL context over one JSON object of variables.</summary>
/// <param name="variables">The variables.</param>
/// <param name="time">The clock; the system clock when null.</param>
public sealed class JsonFeelContext(JsonObject? variables, TimeProvider? time = null) : FeelContext
{
    /// <inheritdoc />
    public override TimeProvider Time => time ?? TimeProvider.System;

    /// <inheritdoc />
    public override bool TryGetVariable(string name, out JsonNode? value)
    {
        value = null;
        return variables is not null && variables.TryGetPropertyValue(name, out value);
    }
}

/// <summary>Thrown when a FEEL expression does not parse.</summary>
public sealed class FeelParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeelParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FeelParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public FeelParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the 0-based offset of the problem.</summary>
    public FeelParseException(string message, int offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>0-based offset in the expression text.</summary>
    public int Offset { get; }
}

/// <summary>A parsed FEEL expression: parse once, evaluate many times. Immutable and thread-safe.</summary>
public sealed class FeelExpression
{
    private readonly FeelNode _root;

    private FeelExpression(string text, FeelNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The expression text (without a leading '=').</summary>
    public string Text { get; }

    /// <summary>Parses an expression; a leading '=' is allowed. Throws <see cref="FeelParseException"/>.</summary>
    public static FeelExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.TrimStart();
        if (t.StartsWith('='))
        {
            t = t[1..];
        }

        t = t.Trim();
        if (t.Length == 0)
        {
            throw new FeelParseException("the expression is empty", 0);
        }

        return new FeelExpression(t, FeelParser.Parse(t));
    }

    /// <summary>Parses an expression, returning false with the error message when it does not parse.</summary>
    public static bool TryParse(string text, out FeelExpression? expression, out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (FeelParseException ex)
        {
            expression = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Evaluates and returns the result as JSON (dates and durations as ISO 8601 strings).</summary>
    public JsonNode? Evaluate(FeelContext context) => FeelValues.ToJson(EvaluateRaw(context));

    /// <summary>Evaluates as a condition: only a boolean true counts as true; null and non-booleans are false.</summary>
    public bool EvaluateCondition(FeelContext context) => EvaluateRaw(context) is true;

    /// <summary>Evaluates a name-free expression against no variables.</summary>
    public JsonNode? Evaluate() => Evaluate(new JsonFeelContext(null));

    internal object? EvaluateRaw(FeelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _root.Evaluate(new FeelScope(context));
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
