using System.Text.Json.Nodes;

namespace Rathaus.Bpmn.Execution;

/// <summary>A command applied to a process instance by <c>ProcessEngine.Apply</c>.</summary>
public abstract record EngineCommand;

/// <summary>Completes a user task, merging the given variables.</summary>
/// <param name="TaskId">The user task id.</param>
/// <param name="Variables">Variables from the form.</param>
public sealed record CompleteUserTask(string TaskId, JsonObject? Variables = null) : EngineCommand;

/// <summary>Assigns an open user task to a person (claim, hand over) or, with a null assignee, releases it.</summary>
/// <param name="TaskId">The user task id.</param>
/// <param name="Assignee">The new assignee, or null to release the task.</param>
public sealed record AssignUserTask(string TaskId, string? Assignee) : EngineCommand;

/// <summary>Completes a job, merging the given variables.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Variables">Result variables.</param>
public sealed record CompleteJob(string JobId, JsonObject? Variables = null) : EngineCommand;

/// <summary>Reports a failed job attempt; with no retries left an incident is raised.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="RemainingRetries">Retries left after this failure.</param>
/// <param name="ErrorMessage">What went wrong.</param>
public sealed record FailJob(string JobId, int RemainingRetries, string ErrorMessage) : EngineCommand;

/// <summary>A job throws a BPMN error, caught by boundary error events or error event subprocesses.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="ErrorCode">The BPMN error code.</param>
/// <param name="ErrorMessage">Optional message.</param>
/// <param name="Variables">Variables to set with the error.</param>
public sealed record ThrowJobError(string JobId, string ErrorCode, string? ErrorMessage = null, JsonObject? Variables = null) : EngineCommand;

/// <summary>Correlates a message to an open subscription of this instance.</summary>
/// <param name="MessageName">Message name.</param>
/// <param name="CorrelationKey">Correlation key, or null for subscriptions without one.</param>
/// <param name="Variables">Message payload.</param>
public sealed record CorrelateMessage(string MessageName, string? CorrelationKey, JsonObject? Variables = null) : EngineCommand;

/// <summary>Fires a due timer.</summary>
/// <param name="TimerId">The timer id.</param>
public sealed record FireTimer(string TimerId) : EngineCommand;

/// <summary>Continues a call activity after its child instance completed.</summary>
/// <param name="ExecutionId">The call activity's execution.</param>
/// <param name="Variables">The child's final variables.</param>
public sealed record CompleteCallActivity(string ExecutionId, JsonObject? Variables = null) : EngineCommand;

/// <summary>Sets variables on an execution's scope (root when null), e.g. to fix the cause of an incident.</summary>
/// <param name="Variables">The variables.</param>
/// <param name="ExecutionId">The scope execution, or null for process level.</param>
public sealed record SetVariables(JsonObject Variables, string? ExecutionId = null) : EngineCommand;

/// <summary>Resolves an incident by retrying the stopped step.</summary>
/// <param name="IncidentId">The incident id.</param>
/// <param name="Retries">For job incidents: retries to grant.</param>
public sealed record ResolveIncident(string IncidentId, int Retries = 1) : EngineCommand;

/// <summary>Cancels the instance.</summary>
public sealed record CancelInstance : EngineCommand;

/// <summary>How to start an instance.</summary>
public sealed record StartInstance
{
    /// <summary>Initial variables.</summary>
    public JsonObject? Variables { get; init; }

    /// <summary>A specific start event id (none, message or timer start); null for the none start event.</summary>
    public string? StartEventId { get; init; }

    /// <summary>Parent instance id when started by a call activity.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Call activity execution in the parent.</summary>
    public string? ParentExecutionId { get; init; }
}
