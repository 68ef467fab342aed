using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Rathaus.Bpmn.Execution;

/// <summary>Lifecycle status of a process instance.</summary>
public enum InstanceStatus
{
    /// <summary>Running: at least one token or wait state.</summary>
    Active,

    /// <summary>Completed normally.</summary>
    Completed,

    /// <summary>Ended by a terminate end event.</summary>
    Terminated,

    /// <summary>Cancelled from outside.</summary>
    Cancelled,
}

/// <summary>Status of one execution (element instance).</summary>
public enum ExecutionStatus
{
    /// <summary>Being executed within the current command.</summary>
    Active,

    /// <summary>Waiting for a task, job, message, timer or child instance.</summary>
    Waiting,

    /// <summary>Arrived at a joining gateway, waiting for the other tokens.</summary>
    Joining,

    /// <summary>Stopped by an incident until it is resolved.</summary>
    Failed,
}

/// <summary>What a timer or message subscription triggers when it fires.</summary>
public enum TriggerKind
{
    /// <summary>The waiting element itself (intermediate catch event, receive task).</summary>
    Element,

    /// <summary>A boundary event of the execution's activity.</summary>
    Boundary,

    /// <summary>The start event of an event subprocess in the execution's scope.</summary>
    EventSubProcessStart,

    /// <summary>One of the events after an event-based gateway.</summary>
    EventGateway,
}

/// <summary>An execution: an instance of a flow element (the root execution is the process instance scope).</summary>
public sealed class ExecutionState
{
    /// <summary>Engine-generated id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The BPMN element id (the process id for the root execution).</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The parent (scope) execution; null for the root.</summary>
    public string? ParentId { get; set; }

    /// <summary>Current status.</summary>
    public ExecutionStatus Status { get; set; }

    /// <summary>For joining executions: the sequence flow they arrived on.</summary>
    public string? IncomingFlowId { get; set; }

    /// <summary>Variables local to this execution (scope), or null when it has none.</summary>
    public JsonObject? Variables { get; set; }

    /// <summary>True for the body of a multi-instance activity.</summary>
    public bool IsMultiInstanceBody { get; set; }

    /// <summary>For multi-instance inner executions: the 1-based loop counter.</summary>
    public int? LoopCounter { get; set; }

    /// <summary>For multi-instance bodies: the input collection.</summary>
    public JsonArray? Collection { get; set; }

    /// <summary>For multi-instance bodies: the collected output elements.</summary>
    public JsonArray? Results { get; set; }

    /// <summary>For multi-instance bodies: how many inner instances have been started.</summary>
    public int Started { get; set; }

    /// <summary>For multi-instance bodies: how many inner instances have completed.</summary>
    public int Completed { get; set; }
}

/// <summary>An open user task (Aufgabe im Postkorb).</summary>
public sealed class UserTaskState
{
    /// <summary>Task id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The userTask element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The element's name.</summary>
    public string? Name { get; set; }

    /// <summary>The execution waiting for it.</summary>
    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>Assignee, if any.</summary>
    public string? Assignee { get; set; }

    /// <summary>Candidate groups (e.g. departments).</summary>
    public List<string> CandidateGroups { get; set; } = [];

    /// <summary>Candidate users.</summary>
    public List<string> CandidateUsers { get; set; } = [];

    /// <summary>Form key.</summary>
    public string? FormKey { get; set; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An open job for a worker (service task, send task, message throw).</summary>
public sealed class JobState
{
    /// <summary>Job id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The execution waiting for it.</summary>
    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>Task type, which selects the handler.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Remaining retries.</summary>
    public int Retries { get; set; }

    /// <summary>Static task headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The variables visible to the job when it was created.</summary>
    public JsonObject Variables { get; set; } = [];

    /// <summary>The last failure message, if any.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A scheduled timer.</summary>
public sealed class TimerState
{
    /// <summary>Timer id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The event element with the timer definition.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The execution it belongs to (waiting element, activity, scope or event gateway).</summary>
    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>What it triggers.</summary>
    public TriggerKind Kind { get; set; }

    /// <summary>When it is due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>For cycles: repetitions still to come after this one (null: unbounded).</summary>
    public int? RemainingRepetitions { get; set; }

    /// <summary>For cycles: the interval.</summary>
    public TimeSpan? Interval { get; set; }
}

/// <summary>An open message subscription.</summary>
public sealed class MessageSubscriptionState
{
    /// <summary>Subscription id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Message name.</summary>
    public string MessageName { get; set; } = string.Empty;

    /// <summary>Correlation key (evaluated), or null.</summary>
    public string? CorrelationKey { get; set; }

    /// <summary>The catching element.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The execution it belongs to.</summary>
    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>What it triggers.</summary>
    public TriggerKind Kind { get; set; }
}

/// <summary>An incident: the engine stopped a token and needs a human.</summary>
public sealed class IncidentState
{
    /// <summary>Incident id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Kind: ConditionNotMet, ExpressionFailed, JobFailed, UnhandledError, Unsupported.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>What happened.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The element concerned.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The stopped execution.</summary>
    public string ExecutionId { get; set; } = string.Empty;

    /// <summary>The failed job, if any.</summary>
    public string? JobId { get; set; }

    /// <summary>When it was raised.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The complete runtime state of one process instance; serialisable with System.Text.Json (stored as JSONB).</summary>
public sealed class ProcessInstanceState
{
    /// <summary>Instance id.</summary>
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>BPMN process id.</summary>
    public string ProcessId { get; set; } = string.Empty;

    /// <summary>Deployed version of the process.</summary>
    public int ProcessVersion { get; set; }

    /// <summary>Status.</summary>
    public InstanceStatus Status { get; set; }

    /// <summary>Parent instance when started by a call activity.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The call activity's execution in the parent instance.</summary>
    public string? ParentExecutionId { get; set; }

    /// <summary>Start time.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>End time, when ended.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Incremented by every applied command; use it for optimistic locking.</summary>
    public long Revision { get; set; }

    /// <summary>All live executions, root first.</summary>
    public List<ExecutionState> Executions { get; set; } = [];

    /// <summary>Open user tasks.</summary>
    public List<UserTaskState> UserTasks { get; set; } = [];

    /// <summary>Open jobs.</summary>
    public List<JobState> Jobs { get; set; } = [];

    /// <summary>Scheduled timers.</summary>
    public List<TimerState> Timers { get; set; } = [];

    /// <summary>Open message subscriptions.</summary>
    public List<MessageSubscriptionState> MessageSubscriptions { get; set; } = [];

    /// <summary>Open incidents.</summary>
    public List<IncidentState> Incidents { get; set; } = [];

    /// <summary>The process-level variables (of the root execution).</summary>
    [JsonIgnore]
    public JsonObject Variables => Executions.FirstOrDefault(e => e.ParentId is null)?.Variables ?? [];

    /// <summary>Serialises the state to JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, StateJson.Options);

    /// <summary>Reads a state from JSON.</summary>
    public static ProcessInstanceState FromJson(string json) =>
        JsonSerializer.Deserialize<ProcessInstanceState>(json, StateJson.Options) ?? throw new JsonException("empty process instance state");

    /// <summary>A deep copy.</summary>
    public ProcessInstanceState Clone() => FromJson(ToJson());
}

/// <summary>JSON settings for the state: enums as strings, camelCase.</summary>
public static class StateJson
{
    /// <summary>The serializer options used for states.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
