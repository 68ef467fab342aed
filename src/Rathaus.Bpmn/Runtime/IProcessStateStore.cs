using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Runtime;

/// <summary>
/// Where instance states live between commands. The durable implementation stores <see cref="ProcessInstanceState.ToJson"/>
/// as JSONB with the revision as optimistic-lock column: <c>UPDATE … SET state = @s, revision = @new WHERE id = @id AND revision = @expected</c>.
/// </summary>
public interface IProcessStateStore
{
    /// <summary>Loads an instance state, or null when it does not exist.</summary>
    ProcessInstanceState? Load(string instanceId);

    /// <summary>Saves a state if the stored revision still equals <paramref name="expectedRevision"/> (0 for a new instance); false on a conflict.</summary>
    bool TrySave(ProcessInstanceState state, long expectedRevision);

    /// <summary>All instances (for the in-memory runtime and tests; a durable store answers targeted queries instead).</summary>
    IEnumerable<ProcessInstanceState> All();
}

/// <summary>Thread-safe in-memory store; states are copied in and out so callers cannot change stored state.</summary>
public sealed class InMemoryProcessStateStore : IProcessStateStore
{
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _revisions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public ProcessInstanceState? Load(string instanceId)
    {
        lock (_lock)
        {
            return _states.TryGetValue(instanceId, out var json) ? ProcessInstanceState.FromJson(json) : null;
        }
    }

    /// <inheritdoc />
    public bool TrySave(ProcessInstanceState state, long expectedRevision)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_lock)
        {
            var current = _revisions.GetValueOrDefault(state.InstanceId);
            if (current != expectedRevision)
            {
                return false;
            }

            _states[state.InstanceId] = state.ToJson();
            _revisions[state.InstanceId] = state.Revision;
            return true;
        }
    }

    /// <inheritdoc />
    public IEnumerable<ProcessInstanceState> All()
    {
        lock (_lock)
        {
            return _states.Values.Select(ProcessInstanceState.FromJson).ToList();
        }
    }
}
