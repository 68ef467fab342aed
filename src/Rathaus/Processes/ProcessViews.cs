using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Processes;

/// <summary>One deployed process version.</summary>
/// <param name="Id">Definition row id.</param>
/// <param name="ProcessId">BPMN process id.</param>
/// <param name="Version">Version per process id and tenant (1, 2, ...).</param>
/// <param name="Sha256">SHA-256 of the XML, hex.</param>
/// <param name="IsNew">False when the same XML was deployed before and the existing version is returned.</param>
public sealed record DeployedDefinition(Guid Id, string ProcessId, int Version, string Sha256, bool IsNew);

/// <summary>The result of deploying a BPMN file: one entry per executable process.</summary>
/// <param name="Definitions">The versions.</param>
public sealed record DeploymentResult(IReadOnlyList<DeployedDefinition> Definitions)
{
    /// <summary>True when at least one process got a new version.</summary>
    public bool AnyNew => Definitions.Any(d => d.IsNew);
}

/// <summary>An open user task (Aufgabe im Postkorb).</summary>
public sealed record TaskView(string Id, string InstanceId, string ElementId, string? Name, string? Assignee,
    IReadOnlyList<string> CandidateGroups, string? FormKey, DateTimeOffset CreatedAt);

/// <summary>Where an instance stands, for the case view (Vorgangsansicht).</summary>
/// <param name="Xml">The BPMN XML of the instance's process version, for the diagram.</param>
/// <param name="Current">The elements where the instance waits now (tasks, events, joins).</param>
/// <param name="History">Entered, left and terminated elements in the order they happened.</param>
public sealed record InstanceTrail(string InstanceId, string ProcessId, int Version, string Status, string Xml,
    IReadOnlyList<TrailActivity> Current, IReadOnlyList<TrailEvent> History);

/// <summary>An element the instance waits in.</summary>
public sealed record TrailActivity(string ElementId, string? Name, string ElementType);

/// <summary>One step of an instance's history.</summary>
/// <param name="Event"><c>entered</c>, <c>left</c> or <c>terminated</c>.</param>
/// <param name="CompletedBy">For a user task that was left by completing it: who completed it (account id).</param>
public sealed record TrailEvent(string ElementId, string? Name, string ElementType, string Event, DateTimeOffset OccurredAt, string? CompletedBy);

/// <summary>
/// An incident: a token stopped, or a job, timer or timer start event ran out of retries, and a person must act.
/// <paramref name="InstanceId"/> is null for a timer start event (no instance exists yet).
/// </summary>
public sealed record IncidentView(string Id, string? InstanceId, string Kind, string Message, string ElementId, string? JobId,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);

/// <summary>A job of the job executor (service task, timer, or timer start event without an instance).</summary>
public sealed record JobView(string Id, string? InstanceId, string Kind, string ElementId, string? Type, DateTimeOffset DueAt,
    int Retries, string? LastError);

/// <summary>A process instance as its state says after the command.</summary>
public sealed record InstanceView(
    string Id,
    string ProcessId,
    int Version,
    string? BusinessKey,
    string Status,
    long Revision,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    JsonObject Variables,
    IReadOnlyList<TaskView> OpenTasks,
    int OpenIncidents)
{
    internal static InstanceView From(ProcessInstanceState state, string? businessKey) => new(
        state.InstanceId,
        state.ProcessId,
        state.ProcessVersion,
        businessKey,
        StatusText(state.Status),
        state.Revision,
        state.StartedAt,
        state.EndedAt,
        state.Variables.DeepClone().AsObject(),
        state.UserTasks.Select(t => new TaskView(t.Id, state.InstanceId, t.ElementId, t.Name, t.Assignee, t.CandidateGroups, t.FormKey, t.CreatedAt)).ToList(),
        state.Incidents.Count);

    internal static string StatusText(InstanceStatus status) => status switch
    {
        InstanceStatus.Active => "active",
        InstanceStatus.Completed => "completed",
        InstanceStatus.Terminated => "terminated",
        _ => "cancelled",
    };
}

/// <summary>What a correlated message did.</summary>
/// <param name="InstanceId">The instance that received it or was started by it.</param>
/// <param name="StartedInstance">True when a message start event started a new instance.</param>
public sealed record CorrelationResult(string InstanceId, bool StartedInstance);

/// <summary>Who completes a task; used to check candidate groups and users.</summary>
/// <param name="UserId">Staff account id.</param>
/// <param name="Email">E-mail address (candidate users and assignees may name it).</param>
/// <param name="Departments">Department keys (candidate groups name them).</param>
/// <param name="IsTenantAdmin">Administrators may complete any task of their tenant.</param>
public sealed record TaskActor(string UserId, string? Email, IReadOnlyCollection<string> Departments, bool IsTenantAdmin)
{
    /// <summary>For calls from other modules and tests that act for the system, not a person.</summary>
    public static TaskActor System { get; } = new("system", null, [], true);
}
