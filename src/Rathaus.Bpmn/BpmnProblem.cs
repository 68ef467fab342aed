namespace Rathaus.Bpmn;

/// <summary>How serious a reported problem is.</summary>
public enum ProblemSeverity
{
    /// <summary>Informational: the element is kept but has no effect on execution.</summary>
    Info,

    /// <summary>Warning: the model is usable but something is unusual or unsupported off the executable path.</summary>
    Warning,

    /// <summary>Error: the file cannot be read, or the process cannot be deployed.</summary>
    Error,
}

/// <summary>A problem found while parsing, checking or validating a model.</summary>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="ElementId">The element concerned, when known.</param>
/// <param name="ElementType">The element type (XML local name), when known.</param>
/// <param name="Line">Source line (1-based; 0 when unknown).</param>
/// <param name="Column">Source column (1-based; 0 when unknown).</param>
public sealed record BpmnProblem(
    ProblemSeverity Severity,
    string Message,
    string? ElementId = null,
    string? ElementType = null,
    int Line = 0,
    int Column = 0)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line > 0 ? FormattableString.Invariant($" (line {Line}, position {Column})") : string.Empty;
        var what = ElementId is null ? string.Empty : $" [{ElementType ?? "element"} {ElementId}]";
        return $"{Severity.ToString().ToUpperInvariant()}{what}{where}: {Message}";
    }
}

/// <summary>Thrown when a BPMN file cannot be read; lists every problem found.</summary>
public sealed class BpmnParseException : Exception
{
    /// <summary>Creates an exception without problems.</summary>
    public BpmnParseException()
        : this("The BPMN file cannot be read.")
    {
    }

    /// <summary>Creates an exception with a single message.</summary>
    public BpmnParseException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates an exception with a single message and a cause.</summary>
    public BpmnParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problems = [new BpmnProblem(ProblemSeverity.Error, message)];
    }

    /// <summary>Creates an exception listing problems.</summary>
    public BpmnParseException(IReadOnlyList<BpmnProblem> problems, Exception? innerException = null)
        : base(Describe(problems), innerException)
    {
        Problems = problems;
    }

    /// <summary>The problems found; at least one is an error.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; }

    private static string Describe(IReadOnlyList<BpmnProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return "The BPMN file cannot be read: " + string.Join("; ", problems.Select(p => p.ToString()));
    }
}
