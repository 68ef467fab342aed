using Rathaus.Bpmn.Runtime;

namespace Rathaus.Processes;

/// <summary>A handler for one task type, registered with <see cref="ProcessesModule.AddJobHandler"/>.</summary>
/// <param name="TaskType">The task type (<c>zeebe:taskDefinition type</c>).</param>
/// <param name="Create">Creates the handler from the application's services.</param>
public sealed record JobHandlerRegistration(string TaskType, Func<IServiceProvider, IJobHandler> Create);

/// <summary>The job handlers of this node by task type. A node acquires only jobs it has a handler for; timers it always fires.</summary>
public sealed class JobHandlers
{
    private readonly Dictionary<string, IJobHandler> _handlers;

    public JobHandlers(IReadOnlyDictionary<string, IJobHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = new Dictionary<string, IJobHandler>(handlers, StringComparer.Ordinal);
        TaskTypes = [.. _handlers.Keys.Order(StringComparer.Ordinal)];
    }

    internal JobHandlers(IEnumerable<JobHandlerRegistration> registrations, IServiceProvider services)
        : this(registrations.GroupBy(r => r.TaskType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Create(services), StringComparer.Ordinal))
    {
    }

    /// <summary>Task types with a handler.</summary>
    public IReadOnlyList<string> TaskTypes { get; }

    /// <summary>The handler for a task type.</summary>
    public bool TryGet(string taskType, out IJobHandler handler) => _handlers.TryGetValue(taskType, out handler!);
}
