using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Runtime;

namespace Rathaus.Processes;

/// <summary>What a handler of the web application gets: the tenant, the instance and the job with its variables and headers.</summary>
/// <param name="TenantId">The tenant the instance belongs to.</param>
/// <param name="InstanceId">The process instance.</param>
/// <param name="Job">The job; its id is stable across retries, so a handler can make its effects idempotent with it.</param>
public sealed record TenantJobContext(Guid TenantId, string InstanceId, JobState Job)
{
    /// <summary>The variables visible to the job.</summary>
    public JsonObject Variables => Job.Variables;

    /// <summary>The static headers of the task (<c>zeebe:taskHeaders</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers => Job.Headers;
}

/// <summary>
/// Executes jobs of one task type inside the web application, e.g. <c>rathaus:notice</c>. Runs outside the job's
/// acquisition transaction; a handler that writes must be idempotent per <see cref="JobState.Id"/>, because a job whose
/// result could not be committed runs again.
/// </summary>
public interface ITenantJobHandler
{
    /// <summary>Does the work and returns result variables (or null); throw <see cref="BpmnErrorException"/> for a business error.</summary>
    Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct);
}

/// <summary>A handler for one task type, registered with <see cref="ProcessesModule.AddJobHandler"/>.</summary>
/// <param name="TaskType">The task type (<c>zeebe:taskDefinition type</c>).</param>
/// <param name="Create">Creates the handler from the application's services.</param>
public sealed record JobHandlerRegistration(string TaskType, Func<IServiceProvider, ITenantJobHandler> Create);

/// <summary>The job handlers of this node by task type. A node acquires only jobs it has a handler for; timers it always fires.</summary>
public sealed class JobHandlers
{
    private readonly Dictionary<string, ITenantJobHandler> _handlers;

    /// <summary>Handlers that need neither the tenant nor I/O (engine tests, benchmarks).</summary>
    public JobHandlers(IReadOnlyDictionary<string, IJobHandler> handlers)
        : this(handlers.ToDictionary(h => h.Key, h => (ITenantJobHandler)new EngineJobHandler(h.Value), StringComparer.Ordinal))
    {
    }

    internal JobHandlers(IEnumerable<JobHandlerRegistration> registrations, IServiceProvider services)
        : this(registrations.GroupBy(r => r.TaskType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Create(services), StringComparer.Ordinal))
    {
    }

    private JobHandlers(Dictionary<string, ITenantJobHandler> handlers)
    {
        _handlers = handlers;
        TaskTypes = [.. _handlers.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Task types with a handler.</summary>
    public IReadOnlyList<string> TaskTypes { get; }

    /// <summary>The handler for a task type.</summary>
    public bool TryGet(string taskType, out ITenantJobHandler handler) => _handlers.TryGetValue(taskType, out handler!);

    /// <summary>Runs an engine-level handler (no tenant, no I/O) as a handler of the web application.</summary>
    internal sealed class EngineJobHandler(IJobHandler handler) : ITenantJobHandler
    {
        public Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct) =>
            Task.FromResult(handler.Handle(new JobContext(context.Job, context.InstanceId)));
    }
}
