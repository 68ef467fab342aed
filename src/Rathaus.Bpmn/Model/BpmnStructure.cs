namespace Rathaus.Bpmn.Model;

/// <summary>A data object, data object reference, data store reference or data store.</summary>
public sealed record DataElement : BpmnElement
{
    /// <summary>dataObjectRef or dataStoreRef of a reference.</summary>
    public string? Ref { get; init; }

    /// <summary>isCollection of a data object.</summary>
    public bool IsCollection { get; init; }
}

/// <summary>A text annotation, association or group.</summary>
public sealed record Artifact : BpmnElement
{
    /// <summary>Text of a text annotation.</summary>
    public string? Text { get; init; }

    /// <summary>sourceRef of an association.</summary>
    public string? SourceRef { get; init; }

    /// <summary>targetRef of an association.</summary>
    public string? TargetRef { get; init; }
}

/// <summary>A lane set.</summary>
/// <param name="Id">Lane set id.</param>
/// <param name="Lanes">The lanes.</param>
public sealed record BpmnLaneSet(string Id, IReadOnlyList<BpmnLane> Lanes);

/// <summary>A lane (e.g. a department): the flow nodes it holds and nested lanes.</summary>
public sealed record BpmnLane : BpmnElement
{
    /// <summary>Ids of the flow nodes in this lane.</summary>
    public IReadOnlyList<string> FlowNodeRefs { get; init; } = [];

    /// <summary>Nested lanes.</summary>
    public IReadOnlyList<BpmnLane> ChildLanes { get; init; } = [];
}

/// <summary>A process: the executable unit.</summary>
public sealed record BpmnProcess : BpmnElement, IFlowScope
{
    /// <summary>isExecutable attribute (false when absent).</summary>
    public bool IsExecutable { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<FlowNode> FlowNodes { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SequenceFlow> SequenceFlows { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<DataElement> DataElements { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];

    /// <summary>Lane sets.</summary>
    public IReadOnlyList<BpmnLaneSet> LaneSets { get; init; } = [];
}

/// <summary>A participant (pool) of a collaboration.</summary>
public sealed record BpmnParticipant : BpmnElement
{
    /// <summary>The process shown in this pool, if any.</summary>
    public string? ProcessRef { get; init; }
}

/// <summary>A message flow between pools or their elements.</summary>
public sealed record BpmnMessageFlow : BpmnElement
{
    /// <summary>Source element id.</summary>
    public required string SourceRef { get; init; }

    /// <summary>Target element id.</summary>
    public required string TargetRef { get; init; }

    /// <summary>The message carried, if any.</summary>
    public string? MessageRef { get; init; }
}

/// <summary>A collaboration: pools, message flows and artifacts.</summary>
public sealed record BpmnCollaboration : BpmnElement
{
    /// <summary>Participants (pools).</summary>
    public IReadOnlyList<BpmnParticipant> Participants { get; init; } = [];

    /// <summary>Message flows.</summary>
    public IReadOnlyList<BpmnMessageFlow> MessageFlows { get; init; } = [];

    /// <summary>Text annotations, associations, groups.</summary>
    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];
}

/// <summary>A root element: message, error, signal, escalation, data store, item definition and the like.</summary>
public sealed record RootDefinition : BpmnElement
{
    /// <summary>errorCode or escalationCode, if any.</summary>
    public string? Code { get; init; }
}

/// <summary>Bounds of a shape or label in diagram coordinates.</summary>
/// <param name="X">Left.</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct Bounds(double X, double Y, double Width, double Height);

/// <summary>A waypoint of an edge.</summary>
/// <param name="X">X coordinate.</param>
/// <param name="Y">Y coordinate.</param>
public readonly record struct Waypoint(double X, double Y);

/// <summary>A BPMNShape: where an element is drawn.</summary>
/// <param name="Id">Shape id.</param>
/// <param name="ElementRef">The BPMN element it shows.</param>
/// <param name="Bounds">Its bounds.</param>
/// <param name="LabelBounds">Bounds of its label, if given.</param>
/// <param name="IsExpanded">isExpanded, when given.</param>
/// <param name="IsHorizontal">isHorizontal, when given.</param>
public sealed record DiagramShape(string Id, string ElementRef, Bounds Bounds, Bounds? LabelBounds, bool? IsExpanded, bool? IsHorizontal);

/// <summary>A BPMNEdge: how a flow or association is drawn.</summary>
/// <param name="Id">Edge id.</param>
/// <param name="ElementRef">The BPMN element it shows.</param>
/// <param name="Waypoints">Its waypoints.</param>
/// <param name="LabelBounds">Bounds of its label, if given.</param>
public sealed record DiagramEdge(string Id, string ElementRef, IReadOnlyList<Waypoint> Waypoints, Bounds? LabelBounds);

/// <summary>A BPMNDiagram with its plane.</summary>
/// <param name="Id">Diagram id.</param>
/// <param name="Name">Diagram name.</param>
/// <param name="PlaneElementRef">The element (process or collaboration) the plane shows.</param>
/// <param name="Shapes">Shapes on the plane.</param>
/// <param name="Edges">Edges on the plane.</param>
public sealed record BpmnDiagram(string Id, string? Name, string? PlaneElementRef, IReadOnlyList<DiagramShape> Shapes, IReadOnlyList<DiagramEdge> Edges);

/// <summary>A parsed BPMN file: the immutable model.</summary>
public sealed record BpmnDefinitions
{
    /// <summary>definitions id.</summary>
    public string? Id { get; init; }

    /// <summary>targetNamespace.</summary>
    public string? TargetNamespace { get; init; }

    /// <summary>exporter attribute (modelling tool).</summary>
    public string? Exporter { get; init; }

    /// <summary>exporterVersion attribute.</summary>
    public string? ExporterVersion { get; init; }

    /// <summary>Processes.</summary>
    public IReadOnlyList<BpmnProcess> Processes { get; init; } = [];

    /// <summary>Collaborations.</summary>
    public IReadOnlyList<BpmnCollaboration> Collaborations { get; init; } = [];

    /// <summary>Messages by id.</summary>
    public IReadOnlyList<RootDefinition> Messages { get; init; } = [];

    /// <summary>Errors by id.</summary>
    public IReadOnlyList<RootDefinition> Errors { get; init; } = [];

    /// <summary>Signals.</summary>
    public IReadOnlyList<RootDefinition> Signals { get; init; } = [];

    /// <summary>Escalations.</summary>
    public IReadOnlyList<RootDefinition> Escalations { get; init; } = [];

    /// <summary>Other root elements (data stores, item definitions, interfaces...).</summary>
    public IReadOnlyList<RootDefinition> OtherRootElements { get; init; } = [];

    /// <summary>Root elements the model does not know, e.g. choreographies (element type and id).</summary>
    public IReadOnlyList<BpmnElement> UnknownElements { get; init; } = [];

    /// <summary>Diagram interchange data.</summary>
    public IReadOnlyList<BpmnDiagram> Diagrams { get; init; } = [];

    /// <summary>Every element with an id, for lookup.</summary>
    public IReadOnlyDictionary<string, BpmnElement> ElementsById { get; init; } = new Dictionary<string, BpmnElement>();

    /// <summary>Finds a process by id.</summary>
    public BpmnProcess? FindProcess(string id) => Processes.FirstOrDefault(p => p.Id == id);

    /// <summary>Finds a message definition by id.</summary>
    public RootDefinition? FindMessage(string? id) => id is null ? null : Messages.FirstOrDefault(m => m.Id == id);

    /// <summary>Finds an error definition by id.</summary>
    public RootDefinition? FindError(string? id) => id is null ? null : Errors.FirstOrDefault(m => m.Id == id);

    /// <summary>All flow nodes of all processes, including nested subprocesses.</summary>
    public IEnumerable<FlowNode> AllFlowNodes() => Processes.SelectMany(p => AllFlowNodes(p));

    /// <summary>All flow nodes of a scope, including nested subprocesses.</summary>
    public static IEnumerable<FlowNode> AllFlowNodes(IFlowScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var node in scope.FlowNodes)
        {
            yield return node;
            if (node is BpmnSubProcess sub)
            {
                foreach (var inner in AllFlowNodes(sub))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>All sequence flows of a scope, including nested subprocesses.</summary>
    public static IEnumerable<SequenceFlow> AllSequenceFlows(IFlowScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var flow in scope.SequenceFlows)
        {
            yield return flow;
        }

        foreach (var sub in scope.FlowNodes.OfType<BpmnSubProcess>())
        {
            foreach (var inner in AllSequenceFlows(sub))
            {
                yield return inner;
            }
        }
    }
}
