using System.Text.Json.Nodes;

namespace Rathaus.Bpmn.Execution;

/// <summary>Something the runtime must carry out or record after a command.</summary>
public abstract record EngineEffect;

/// <summary>A user task was created.</summary>
/// <param name="Task">The task.</param>
public sealed record UserTaskCreated(UserTaskState Task) : EngineEffect;

/// <summary>A user task was completed.</summary>
/// <param name="TaskId">The task id.</param>
public sealed record UserTaskCompleted(string TaskId) : EngineEffect;

/// <summary>A user task got a new assignee (claimed, handed over) or was released (null).</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Assignee">The new assignee, or null.</param>
public sealed record UserTaskAssigned(string TaskId, string? Assignee) : EngineEffect;

/// <summary>A user task was cancelled (boundary event, termination, cancellation).</summary>
/// <param name="TaskId">The task id.</param>
public sealed record UserTaskCancelled(string TaskId) : EngineEffect;

/// <summary>A job was created (or re-opened after an incident) and should be executed.</summary>
/// <param name="Job">The job.</param>
/// <param name="Reopened">True when the job existed before and is opened again (its incident was resolved).</param>
public sealed record JobCreated(JobState Job, bool Reopened = false) : EngineEffect;

/// <summary>A job finished (completed or threw a BPMN error).</summary>
/// <param name="JobId">The job id.</param>
public sealed record JobCompleted(string JobId) : EngineEffect;

/// <summary>A job attempt failed; it stays open while retries remain.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="RemainingRetries">Retries left.</param>
/// <param name="ErrorMessage">Failure message.</param>
public sealed record JobFailed(string JobId, int RemainingRetries, string ErrorMessage) : EngineEffect;

/// <summary>A job was cancelled.</summary>
/// <param name="JobId">The job id.</param>
public sealed record JobCancelled(string JobId) : EngineEffect;

/// <summary>A timer was scheduled.</summary>
/// <param name="Timer">The timer.</param>
public sealed record TimerScheduled(TimerState Timer) : EngineEffect;

/// <summary>A timer was cancelled or has fired.</summary>
/// <param name="TimerId">The timer id.</param>
public sealed record TimerCancelled(string TimerId) : EngineEffect;

/// <summary>A message subscription was opened.</summary>
/// <param name="Subscription">The subscription.</param>
public sealed record MessageSubscriptionOpened(MessageSubscriptionState Subscription) : EngineEffect;

/// <summary>A message subscription was closed.</summary>
/// <param name="SubscriptionId">The subscription id.</param>
public sealed record MessageSubscriptionClosed(string SubscriptionId) : EngineEffect;

/// <summary>A call activity asks the runtime to start a child instance.</summary>
/// <param name="ParentInstanceId">This instance.</param>
/// <param name="ParentExecutionId">The call activity's execution.</param>
/// <param name="ProcessId">The called process id.</param>
/// <param name="Version">The called version, or null for the latest.</param>
/// <param name="Variables">Input variables for the child.</param>
public sealed record ChildInstanceRequested(string ParentInstanceId, string ParentExecutionId, string ProcessId, int? Version, JsonObject Variables) : EngineEffect;

/// <summary>A waiting call activity was terminated: the runtime must cancel its child instance.</summary>
/// <param name="ParentInstanceId">This instance.</param>
/// <param name="ParentExecutionId">The terminated call activity's execution.</param>
public sealed record ChildInstanceCancelRequested(string ParentInstanceId, string ParentExecutionId) : EngineEffect;

/// <summary>The instance completed.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Variables">Final process variables.</param>
/// <param name="ParentInstanceId">The parent to continue, if started by a call activity.</param>
/// <param name="ParentExecutionId">The parent's call activity execution.</param>
public sealed record InstanceCompleted(string InstanceId, JsonObject Variables, string? ParentInstanceId, string? ParentExecutionId) : EngineEffect;

/// <summary>The instance was terminated or cancelled.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Reason">Why.</param>
public sealed record InstanceTerminated(string InstanceId, string Reason) : EngineEffect;

/// <summary>An incident was raised.</summary>
/// <param name="Incident">The incident.</param>
public sealed record IncidentRaised(IncidentState Incident) : EngineEffect;

/// <summary>An incident was resolved.</summary>
/// <param name="IncidentId">The incident id.</param>
public sealed record IncidentResolved(string IncidentId) : EngineEffect;

/// <summary>What happened to an element, for the timeline.</summary>
public enum HistoryEventKind
{
    /// <summary>The element was entered.</summary>
    Entered,

    /// <summary>The element was left normally.</summary>
    Left,

    /// <summary>The element was terminated (interrupted, cancelled).</summary>
    Terminated,
}

/// <summary>A history entry for the instance's timeline.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExecutionId">The execution.</param>
/// <param name="ElementId">The element.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Kind">Entered, left or terminated.</param>
/// <param name="Timestamp">When.</param>
public sealed record HistoryEvent(string InstanceId, string ExecutionId, string ElementId, string ElementType, HistoryEventKind Kind, DateTimeOffset Timestamp) : EngineEffect;

/// <summary>The result of applying a command: the new state and the effects to carry out.</summary>
/// <param name="State">The new state (the input state is not modified).</param>
/// <param name="Effects">Effects in the order they happened.</param>
public sealed record EngineResult(ProcessInstanceState State, IReadOnlyList<EngineEffect> Effects);

/// <summary>Thrown for a command that does not fit the state (unknown task, ended instance).</summary>
public sealed class ProcessEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcessEngineException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProcessEngineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ProcessEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Creates ids for executions, tasks, jobs, timers, subscriptions, incidents and instances.</summary>
public interface IIdGenerator
{
    /// <summary>Returns a new unique id; the kind (e.g. "job") may be used as a prefix.</summary>
    string NewId(string kind);
}

/// <summary>Sequential ids (kind-1, kind-2...): deterministic, for tests and simulation.</summary>
public sealed class SequentialIdGenerator : IIdGenerator
{
    private long _next;

    /// <inheritdoc />
    public string NewId(string kind) => kind + "-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Random GUID v7 ids, time-ordered, for production.</summary>
public sealed class GuidIdGenerator : IIdGenerator
{
    /// <inheritdoc />
    public string NewId(string kind) => Guid.CreateVersion7().ToString();
}
