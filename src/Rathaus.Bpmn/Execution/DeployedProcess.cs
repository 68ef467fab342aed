using System.Collections.Concurrent;
using Rathaus.Bpmn.Feel;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Execution;

/// <summary>The executable form of one process version: lookups by id and compiled expressions. Immutable, shareable.</summary>
public sealed class DeployedProcess
{
    private readonly Dictionary<string, FlowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SequenceFlow> _flows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IFlowScope> _scopeOfNode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FeelExpression> _expressions = new(StringComparer.Ordinal);

    /// <summary>Builds the executable form; use <see cref="Validation.ProcessDeployer.Deploy"/> to validate first.</summary>
    public DeployedProcess(BpmnDefinitions definitions, BpmnProcess process, int version)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(process);
        Definitions = definitions;
        Process = process;
        Version = version;
        Index(process);
    }

    /// <summary>The whole parsed file.</summary>
    public BpmnDefinitions Definitions { get; }

    /// <summary>The process.</summary>
    public BpmnProcess Process { get; }

    /// <summary>BPMN process id.</summary>
    public string ProcessId => Process.Id;

    /// <summary>Version number (1, 2, ...).</summary>
    public int Version { get; }

    /// <summary>Start events at process level.</summary>
    public IEnumerable<BpmnEvent> StartEvents => Process.FlowNodes.OfType<BpmnEvent>().Where(e => e.ElementType == "startEvent");

    /// <summary>Message names of message start events at process level, by start event id.</summary>
    public IEnumerable<(BpmnEvent StartEvent, string MessageName)> MessageStartEvents =>
        StartEvents.Where(e => e.Definition?.Kind == EventDefinitionKind.Message)
            .Select(e => (e, MessageName(e.Definition!.Ref) ?? e.Id));

    /// <summary>Timer start events at process level.</summary>
    public IEnumerable<BpmnEvent> TimerStartEvents => StartEvents.Where(e => e.Definition?.Kind == EventDefinitionKind.Timer);

    /// <summary>Finds a flow node by id.</summary>
    public FlowNode Node(string id) => _nodes.TryGetValue(id, out var n) ? n : throw new ProcessEngineException($"Element {id} is not part of process {ProcessId}.");

    /// <summary>Finds a flow node by id, or null.</summary>
    public FlowNode? FindNode(string id) => _nodes.GetValueOrDefault(id);

    /// <summary>Finds a sequence flow by id.</summary>
    public SequenceFlow Flow(string id) => _flows.TryGetValue(id, out var f) ? f : throw new ProcessEngineException($"Sequence flow {id} is not part of process {ProcessId}.");

    /// <summary>The scope (process or subprocess) that directly contains a node.</summary>
    public IFlowScope ScopeOf(string nodeId) => _scopeOfNode.TryGetValue(nodeId, out var s) ? s : Process;

    /// <summary>The scope with the given id: the process or a subprocess.</summary>
    public IFlowScope Scope(string id) => id == Process.Id ? Process : Node(id) as IFlowScope ?? Process;

    /// <summary>The message name for a message id.</summary>
    public string? MessageName(string? messageRef) => Definitions.FindMessage(messageRef) is { } m ? m.Name ?? m.Id : messageRef;

    /// <summary>The correlation key expression for a message id (zeebe:subscription).</summary>
    public string? CorrelationKeyExpression(string? messageRef) =>
        Definitions.FindMessage(messageRef)?.Extensions.FirstOrDefault(x => x.LocalName == "subscription")?.Attribute("correlationKey");

    /// <summary>The error code for an error id.</summary>
    public string? ErrorCode(string? errorRef) => Definitions.FindError(errorRef) is { } e ? e.Code ?? e.Name : null;

    /// <summary>Returns the compiled expression, parsing it once per deployment.</summary>
    public FeelExpression Expression(string text) => _expressions.GetOrAdd(text, FeelExpression.Parse);

    private void Index(IFlowScope scope)
    {
        foreach (var node in scope.FlowNodes)
        {
            if (node.Id.Length == 0)
            {
                continue;
            }

            _nodes.TryAdd(node.Id, node);
            _scopeOfNode.TryAdd(node.Id, scope);
            if (node is BpmnSubProcess sub)
            {
                Index(sub);
            }
        }

        foreach (var flow in scope.SequenceFlows)
        {
            _flows.TryAdd(flow.Id, flow);
        }
    }
}
