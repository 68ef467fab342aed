namespace Rathaus.Bpmn.Model;

/// <summary>An input or output mapping: a source expression written to a target variable path.</summary>
/// <param name="Source">Source: FEEL when it starts with '=', otherwise a literal string.</param>
/// <param name="Target">Target variable name, possibly a dotted path (<c>to.email</c>).</param>
public sealed record VariableMapping(string Source, string Target);

/// <summary>Execution settings from Zeebe (zeebe:*) or Camunda 7 (camunda:*) extensions.</summary>
public sealed record ExecutionSettings
{
    /// <summary>No settings.</summary>
    public static readonly ExecutionSettings None = new();

    /// <summary>Job type of a service/send task (zeebe:taskDefinition type, camunda:topic or camunda:type).</summary>
    public string? TaskType { get; init; }

    /// <summary>Job retries (zeebe:taskDefinition retries), as text; may be FEEL.</summary>
    public string? Retries { get; init; }

    /// <summary>Task headers (zeebe:taskHeaders).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = BpmnElement.EmptyAttributes;

    /// <summary>Assignee of a user task (may be FEEL).</summary>
    public string? Assignee { get; init; }

    /// <summary>Candidate groups, comma separated or FEEL.</summary>
    public string? CandidateGroups { get; init; }

    /// <summary>Candidate users, comma separated or FEEL.</summary>
    public string? CandidateUsers { get; init; }

    /// <summary>Form key of a user task.</summary>
    public string? FormKey { get; init; }

    /// <summary>Due date of a user task (may be FEEL).</summary>
    public string? DueDate { get; init; }

    /// <summary>Process id called by a call activity (zeebe:calledElement processId, may be FEEL).</summary>
    public string? CalledProcessId { get; init; }

    /// <summary>Called version: null or "latest" for the latest, otherwise a version number.</summary>
    public string? CalledVersion { get; init; }

    /// <summary>Whether a call activity passes all variables to the child (zeebe propagateAllChildVariables defaults to true).</summary>
    public bool PropagateAllChildVariables { get; init; } = true;

    /// <summary>Input mappings.</summary>
    public IReadOnlyList<VariableMapping> Inputs { get; init; } = [];

    /// <summary>Output mappings.</summary>
    public IReadOnlyList<VariableMapping> Outputs { get; init; } = [];

    /// <summary>Correlation key expression of a message (zeebe:subscription correlationKey).</summary>
    public string? CorrelationKey { get; init; }
}
