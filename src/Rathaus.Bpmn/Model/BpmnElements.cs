namespace Rathaus.Bpmn.Model;

/// <summary>Where an element was read in the source XML (1-based line and column; 0 when unknown).</summary>
/// <param name="Line">Line number.</param>
/// <param name="Column">Column number.</param>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"line {Line}, position {Column}" : "unknown position";
}

/// <summary>A vendor extension element (inside extensionElements), kept as a small immutable tree.</summary>
/// <param name="Namespace">XML namespace URI.</param>
/// <param name="LocalName">Local element name.</param>
/// <param name="Attributes">Attributes by local name (qualified as {ns}name when namespaced).</param>
/// <param name="Children">Child elements.</param>
/// <param name="Text">Text content when the element has no child elements.</param>
public sealed record ExtensionElement(
    string Namespace,
    string LocalName,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ExtensionElement> Children,
    string? Text)
{
    /// <summary>Returns the attribute value or null.</summary>
    public string? Attribute(string name) => Attributes.TryGetValue(name, out var v) ? v : null;
}

/// <summary>Base of every BPMN element that has an id.</summary>
public abstract record BpmnElement
{
    /// <summary>The element id (empty when the file gave none).</summary>
    public required string Id { get; init; }

    /// <summary>The display name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>The BPMN element type as its XML local name, e.g. <c>userTask</c>.</summary>
    public required string ElementType { get; init; }

    /// <summary>Text of documentation elements, if any.</summary>
    public string? Documentation { get; init; }

    /// <summary>Where the element was found in the source.</summary>
    public SourcePosition Position { get; init; }

    /// <summary>Extension elements (Zeebe, Camunda, vendor metadata).</summary>
    public IReadOnlyList<ExtensionElement> Extensions { get; init; } = [];

    /// <summary>Attributes outside the BPMN namespace, keyed as {namespace}localName.</summary>
    public IReadOnlyDictionary<string, string> ForeignAttributes { get; init; } = EmptyAttributes;

    internal static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();
}

/// <summary>A process or an embedded/event subprocess: something that contains flow elements.</summary>
public interface IFlowScope
{
    /// <summary>The scope's id.</summary>
    string Id { get; }

    /// <summary>Flow nodes (events, activities, gateways) directly in this scope.</summary>
    IReadOnlyList<FlowNode> FlowNodes { get; }

    /// <summary>Sequence flows directly in this scope.</summary>
    IReadOnlyList<SequenceFlow> SequenceFlows { get; }

    /// <summary>Data objects, data object references and data store references in this scope.</summary>
    IReadOnlyList<DataElement> DataElements { get; }

    /// <summary>Text annotations, associations and groups in this scope.</summary>
    IReadOnlyList<Artifact> Artifacts { get; }
}

/// <summary>A sequence flow between two flow nodes.</summary>
public sealed record SequenceFlow : BpmnElement
{
    /// <summary>Id of the source flow node.</summary>
    public required string SourceRef { get; init; }

    /// <summary>Id of the target flow node.</summary>
    public required string TargetRef { get; init; }

    /// <summary>The condition (FEEL, leading '=' removed), or null for an unconditional flow.</summary>
    public string? Condition { get; init; }
}

/// <summary>The broad category of a flow node.</summary>
public enum FlowNodeCategory
{
    /// <summary>An event.</summary>
    Event,

    /// <summary>A task, subprocess or call activity.</summary>
    Activity,

    /// <summary>A gateway.</summary>
    Gateway,
}

/// <summary>Base of events, activities and gateways.</summary>
public abstract record FlowNode : BpmnElement
{
    /// <summary>Ids of incoming sequence flows (derived from the flows' targetRef).</summary>
    public IReadOnlyList<string> Incoming { get; init; } = [];

    /// <summary>Ids of outgoing sequence flows (derived from the flows' sourceRef), in document order.</summary>
    public IReadOnlyList<string> Outgoing { get; init; } = [];

    /// <summary>Zeebe/Camunda execution settings read from the extensions.</summary>
    public ExecutionSettings Execution { get; init; } = ExecutionSettings.None;

    /// <summary>The category of this node.</summary>
    public abstract FlowNodeCategory Category { get; }
}

/// <summary>The kind of an event definition.</summary>
public enum EventDefinitionKind
{
    /// <summary>messageEventDefinition.</summary>
    Message,

    /// <summary>timerEventDefinition.</summary>
    Timer,

    /// <summary>errorEventDefinition.</summary>
    Error,

    /// <summary>signalEventDefinition.</summary>
    Signal,

    /// <summary>escalationEventDefinition.</summary>
    Escalation,

    /// <summary>terminateEventDefinition.</summary>
    Terminate,

    /// <summary>conditionalEventDefinition.</summary>
    Conditional,

    /// <summary>compensateEventDefinition.</summary>
    Compensate,

    /// <summary>cancelEventDefinition.</summary>
    Cancel,

    /// <summary>linkEventDefinition.</summary>
    Link,
}

/// <summary>The kind of a timer definition.</summary>
public enum TimerKind
{
    /// <summary>timeDuration: ISO 8601 duration after activation.</summary>
    Duration,

    /// <summary>timeDate: a fixed point in time.</summary>
    Date,

    /// <summary>timeCycle: repeating (R3/PT10M).</summary>
    Cycle,
}

/// <summary>A timer: its kind and its expression text (ISO 8601 or FEEL with a leading '=').</summary>
/// <param name="Kind">Duration, date or cycle.</param>
/// <param name="Expression">The raw expression text.</param>
public sealed record TimerDefinition(TimerKind Kind, string Expression);

/// <summary>An event definition inside an event.</summary>
public sealed record EventDefinition
{
    /// <summary>The definition kind.</summary>
    public required EventDefinitionKind Kind { get; init; }

    /// <summary>The definition's id, if any.</summary>
    public string? Id { get; init; }

    /// <summary>messageRef, errorRef, signalRef or escalationRef.</summary>
    public string? Ref { get; init; }

    /// <summary>The timer for timer definitions.</summary>
    public TimerDefinition? Timer { get; init; }

    /// <summary>Link name or condition text for link and conditional definitions.</summary>
    public string? Text { get; init; }
}

/// <summary>A start, end, intermediate or boundary event.</summary>
public sealed record BpmnEvent : FlowNode
{
    /// <inheritdoc />
    public override FlowNodeCategory Category => FlowNodeCategory.Event;

    /// <summary>The event definitions (empty for none events).</summary>
    public IReadOnlyList<EventDefinition> EventDefinitions { get; init; } = [];

    /// <summary>For boundary events: the activity it is attached to.</summary>
    public string? AttachedToRef { get; init; }

    /// <summary>For boundary events (cancelActivity) and event subprocess start events (isInterrupting).</summary>
    public bool Interrupting { get; init; } = true;

    /// <summary>The single event definition, or null for none events or multiple definitions.</summary>
    public EventDefinition? Definition => EventDefinitions.Count == 1 ? EventDefinitions[0] : null;
}

/// <summary>Multi-instance loop characteristics.</summary>
public sealed record MultiInstance
{
    /// <summary>True for sequential, false for parallel.</summary>
    public required bool IsSequential { get; init; }

    /// <summary>FEEL expression yielding the collection (zeebe:loopCharacteristics inputCollection or camunda:collection).</summary>
    public string? InputCollection { get; init; }

    /// <summary>Variable name holding the current item.</summary>
    public string? InputElement { get; init; }

    /// <summary>Variable name of the collected results.</summary>
    public string? OutputCollection { get; init; }

    /// <summary>FEEL expression for each result element.</summary>
    public string? OutputElement { get; init; }

    /// <summary>FEEL completion condition.</summary>
    public string? CompletionCondition { get; init; }

    /// <summary>loopCardinality expression, if given.</summary>
    public string? LoopCardinality { get; init; }
}

/// <summary>A task, subprocess or call activity.</summary>
public record BpmnActivity : FlowNode
{
    /// <inheritdoc />
    public override FlowNodeCategory Category => FlowNodeCategory.Activity;

    /// <summary>The default outgoing flow, if any.</summary>
    public string? DefaultFlow { get; init; }

    /// <summary>Multi-instance characteristics, if any.</summary>
    public MultiInstance? MultiInstance { get; init; }

    /// <summary>True when a standardLoopCharacteristics is present.</summary>
    public bool HasStandardLoop { get; init; }

    /// <summary>messageRef of a send or receive task.</summary>
    public string? MessageRef { get; init; }

    /// <summary>calledElement attribute of a call activity.</summary>
    public string? CalledElement { get; init; }

    /// <summary>Script text and language of a script task (never executed).</summary>
    public string? ScriptFormat { get; init; }

    /// <summary>Boundary events attached to this activity.</summary>
    public IReadOnlyList<string> BoundaryEvents { get; init; } = [];
}

/// <summary>An embedded subprocess, event subprocess, transaction or ad-hoc subprocess.</summary>
public sealed record BpmnSubProcess : BpmnActivity, IFlowScope
{
    /// <summary>True for event subprocesses (triggeredByEvent).</summary>
    public bool TriggeredByEvent { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<FlowNode> FlowNodes { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SequenceFlow> SequenceFlows { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<DataElement> DataElements { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];

    /// <summary>Lane sets inside the subprocess.</summary>
    public IReadOnlyList<BpmnLaneSet> LaneSets { get; init; } = [];
}

/// <summary>The direction attribute of a gateway.</summary>
public enum GatewayDirection
{
    /// <summary>Unspecified.</summary>
    Unspecified,

    /// <summary>Converging.</summary>
    Converging,

    /// <summary>Diverging.</summary>
    Diverging,

    /// <summary>Mixed.</summary>
    Mixed,
}

/// <summary>An exclusive, parallel, inclusive, event-based or complex gateway.</summary>
public sealed record BpmnGateway : FlowNode
{
    /// <inheritdoc />
    public override FlowNodeCategory Category => FlowNodeCategory.Gateway;

    /// <summary>The default outgoing flow, if any.</summary>
    public string? DefaultFlow { get; init; }

    /// <summary>gatewayDirection attribute.</summary>
    public GatewayDirection Direction { get; init; }

    /// <summary>For event-based gateways: instantiate attribute.</summary>
    public bool Instantiate { get; init; }
}
