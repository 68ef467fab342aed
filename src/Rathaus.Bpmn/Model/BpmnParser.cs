using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Rathaus.Bpmn.Model;

/// <summary>Reads BPMN 2.0 XML into the immutable <see cref="BpmnDefinitions"/> model, safely for untrusted input.</summary>
public static class BpmnParser
{
    /// <summary>The BPMN 2.0 model namespace.</summary>
    public const string BpmnNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>The Zeebe (Camunda 8) extension namespace.</summary>
    public const string ZeebeNamespace = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>The Camunda 7 extension namespace.</summary>
    public const string CamundaNamespace = "http://camunda.org/schema/1.0/bpmn";

    internal static readonly HashSet<string> EventTypes = new(StringComparer.Ordinal)
    {
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "implicitThrowEvent",
    };

    internal static readonly HashSet<string> ActivityTypes = new(StringComparer.Ordinal)
    {
        "task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask", "scriptTask", "businessRuleTask",
        "callActivity", "subProcess", "transaction", "adHocSubProcess",
    };

    internal static readonly HashSet<string> GatewayTypes = new(StringComparer.Ordinal)
    {
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
    };

    private static readonly HashSet<string> DataTypes = new(StringComparer.Ordinal)
    {
        "dataObject", "dataObjectReference", "dataStoreReference", "dataInput", "dataOutput",
    };

    private static readonly HashSet<string> ArtifactTypes = new(StringComparer.Ordinal)
    {
        "textAnnotation", "association", "group",
    };

    // Children of a process that carry no flow semantics and are not reported as unknown.
    private static readonly HashSet<string> IgnoredScopeChildren = new(StringComparer.Ordinal)
    {
        "documentation", "extensionElements", "laneSet", "ioSpecification", "property", "auditing", "monitoring",
        "resourceRole", "performer", "humanPerformer", "potentialOwner", "correlationSubscription", "supports",
        "incoming", "outgoing", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
        "dataInputAssociation", "dataOutputAssociation", "ioBinding", "categoryValue",
    };

    private static readonly XNamespace Bpmn = BpmnNamespace;
    private static readonly XNamespace Zeebe = ZeebeNamespace;
    private static readonly XNamespace Camunda = CamundaNamespace;

    /// <summary>Parses BPMN XML text.</summary>
    public static BpmnDefinitions Parse(string xml, BpmnParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var opts = options ?? BpmnParserOptions.Default;
        if (xml.Length > opts.MaxInputBytes)
        {
            throw TooLarge(opts);
        }

        var bytes = Encoding.UTF8.GetBytes(xml);
        return ParseBytes(bytes, opts);
    }

    /// <summary>Parses BPMN XML from a stream, reading at most the configured number of bytes.</summary>
    public static BpmnDefinitions Parse(Stream input, BpmnParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var opts = options ?? BpmnParserOptions.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > opts.MaxInputBytes)
            {
                throw TooLarge(opts);
            }

            buffer.Write(chunk, 0, read);
        }

        return ParseBytes(buffer.ToArray(), opts);
    }

    /// <summary>Parses a BPMN file.</summary>
    public static BpmnDefinitions ParseFile(string path, BpmnParserOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, options);
    }

    private static BpmnParseException TooLarge(BpmnParserOptions opts) =>
        new([new BpmnProblem(ProblemSeverity.Error, FormattableString.Invariant($"The input is larger than the limit of {opts.MaxInputBytes} bytes."))]);

    private static XmlReaderSettings ReaderSettings(BpmnParserOptions opts) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = opts.MaxInputBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private static BpmnDefinitions ParseBytes(byte[] bytes, BpmnParserOptions opts)
    {
        XDocument document;
        try
        {
            // First pass: streaming, to refuse deep nesting before building a tree.
            using (var stream = new MemoryStream(bytes, writable: false))
            using (var reader = XmlReader.Create(stream, ReaderSettings(opts)))
            {
                while (reader.Read())
                {
                    if (reader.Depth > opts.MaxDepth)
                    {
                        var info = (IXmlLineInfo)reader;
                        throw new BpmnParseException([new BpmnProblem(
                            ProblemSeverity.Error,
                            FormattableString.Invariant($"Elements are nested deeper than the limit of {opts.MaxDepth}."),
                            Line: info.LineNumber,
                            Column: info.LinePosition)]);
                    }
                }
            }

            using (var stream = new MemoryStream(bytes, writable: false))
            using (var reader = XmlReader.Create(stream, ReaderSettings(opts)))
            {
                document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
        }
        catch (XmlException ex)
        {
            var (line, column) = ex.LineNumber > 0 ? (ex.LineNumber, ex.LinePosition) : DoctypePosition(bytes);
            throw new BpmnParseException(
                [new BpmnProblem(ProblemSeverity.Error, "The file is not readable XML: " + ex.Message, Line: line, Column: column)],
                ex);
        }

        var root = document.Root!;
        if (root.Name != Bpmn + "definitions")
        {
            var (line, col) = Pos(root);
            throw new BpmnParseException([new BpmnProblem(
                ProblemSeverity.Error,
                $"The root element is {root.Name.LocalName} in namespace '{root.Name.NamespaceName}', expected definitions in the BPMN 2.0 namespace {BpmnNamespace}.",
                Line: line,
                Column: col)]);
        }

        return new Reader().Read(root);
    }

    /// <summary>The reader reports no position for a refused DTD, so the DOCTYPE is located in the text.</summary>
    private static (int Line, int Column) DoctypePosition(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var index = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (index < 0)
        {
            return (0, 0);
        }

        var line = 1 + text.AsSpan(0, index).Count('\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1));
        return (line, index - lineStart);
    }

    private static (int Line, int Column) Pos(XElement e) =>
        e is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    private static string? Attr(XElement e, string name) => (string?)e.Attribute(name);

    private static bool BoolAttr(XElement e, string name, bool fallback) =>
        Attr(e, name) is { } v ? string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase) : fallback;

    private static double Num(XElement e, string name) =>
        double.TryParse(Attr(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;

    /// <summary>Normalises an expression to FEEL text: strips a leading '=' or a JUEL ${...} wrapper.</summary>
    internal static string? NormaliseExpression(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (t.StartsWith('='))
        {
            return t[1..].Trim();
        }

        if ((t.StartsWith("${", StringComparison.Ordinal) || t.StartsWith("#{", StringComparison.Ordinal)) && t.EndsWith('}'))
        {
            return t[2..^1].Trim();
        }

        return t;
    }

    private sealed class Reader
    {
        private readonly Dictionary<string, BpmnElement> _byId = new(StringComparer.Ordinal);
        private readonly List<BpmnElement> _unknown = [];
        private Dictionary<string, IReadOnlyList<string>> _outgoing = new(StringComparer.Ordinal);
        private Dictionary<string, IReadOnlyList<string>> _incoming = new(StringComparer.Ordinal);

        public BpmnDefinitions Read(XElement root)
        {
            var processes = new List<BpmnProcess>();
            var collaborations = new List<BpmnCollaboration>();
            var messages = new List<RootDefinition>();
            var errors = new List<RootDefinition>();
            var signals = new List<RootDefinition>();
            var escalations = new List<RootDefinition>();
            var others = new List<RootDefinition>();
            // Incoming/outgoing come from the flows themselves, across the whole file: tools disagree on writing
            // <incoming>/<outgoing>, and some place a flow in a different scope or pool than its source node.
            var flows = root.Descendants(Bpmn + "sequenceFlow").ToList();
            _outgoing = flows.Where(f => Attr(f, "sourceRef") is not null).GroupBy(f => Attr(f, "sourceRef")!)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(f => Attr(f, "id") ?? string.Empty).ToList(), StringComparer.Ordinal);
            _incoming = flows.Where(f => Attr(f, "targetRef") is not null).GroupBy(f => Attr(f, "targetRef")!)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(f => Attr(f, "id") ?? string.Empty).ToList(), StringComparer.Ordinal);
            foreach (var e in root.Elements())
            {
                if (e.Name.Namespace != Bpmn)
                {
                    continue;
                }

                switch (e.Name.LocalName)
                {
                    case "process":
                        processes.Add(Register(ReadProcess(e)));
                        break;
                    case "collaboration":
                        collaborations.Add(Register(ReadCollaboration(e)));
                        break;
                    case "message":
                        messages.Add(Register(ReadRoot(e, null)));
                        break;
                    case "error":
                        errors.Add(Register(ReadRoot(e, Attr(e, "errorCode"))));
                        break;
                    case "signal":
                        signals.Add(Register(ReadRoot(e, null)));
                        break;
                    case "escalation":
                        escalations.Add(Register(ReadRoot(e, Attr(e, "escalationCode"))));
                        break;
                    case "documentation":
                    case "extensionElements":
                    case "import":
                        break;
                    case "choreography":
                    case "globalConversation":
                    case "conversation":
                        _unknown.Add(Register(ReadRoot(e, null)));
                        break;
                    default:
                        others.Add(Register(ReadRoot(e, null)));
                        break;
                }
            }

            var diagrams = root.Elements().Where(e => e.Name.LocalName == "BPMNDiagram").Select(ReadDiagram).ToList();
            return new BpmnDefinitions
            {
                Id = Attr(root, "id"),
                TargetNamespace = Attr(root, "targetNamespace"),
                Exporter = Attr(root, "exporter"),
                ExporterVersion = Attr(root, "exporterVersion"),
                Processes = processes,
                Collaborations = collaborations,
                Messages = messages,
                Errors = errors,
                Signals = signals,
                Escalations = escalations,
                OtherRootElements = others,
                UnknownElements = _unknown,
                Diagrams = diagrams,
                ElementsById = _byId,
            };
        }

        private T Register<T>(T element)
            where T : BpmnElement
        {
            if (element.Id.Length > 0)
            {
                _byId.TryAdd(element.Id, element);
            }

            return element;
        }

        private static string? Documentation(XElement e)
        {
            var docs = e.Elements(Bpmn + "documentation").Select(d => d.Value.Trim()).Where(d => d.Length > 0).ToList();
            return docs.Count == 0 ? null : string.Join("\n", docs);
        }

        private static List<ExtensionElement> Extensions(XElement e)
        {
            var ext = e.Element(Bpmn + "extensionElements");
            return ext is null ? [] : ext.Elements().Select(ReadExtension).ToList();
        }

        private static ExtensionElement ReadExtension(XElement e)
        {
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in e.Attributes())
            {
                if (a.IsNamespaceDeclaration)
                {
                    continue;
                }

                attrs[a.Name.Namespace == XNamespace.None ? a.Name.LocalName : a.Name.ToString()] = a.Value;
            }

            var children = e.Elements().Select(ReadExtension).ToList();
            return new ExtensionElement(e.Name.NamespaceName, e.Name.LocalName, attrs, children, children.Count == 0 && !e.IsEmpty ? e.Value : null);
        }

        private static Dictionary<string, string> Foreign(XElement e)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in e.Attributes())
            {
                if (!a.IsNamespaceDeclaration && a.Name.Namespace != XNamespace.None && a.Name.Namespace != Bpmn)
                {
                    result[a.Name.ToString()] = a.Value;
                }
            }

            return result;
        }

        private static RootDefinition ReadRoot(XElement e, string? code) => Base<RootDefinition>(e) with { Code = code };

        private BpmnProcess ReadProcess(XElement e)
        {
            var (line, col) = Pos(e);

            var scope = ReadScope(e);
            return new BpmnProcess
            {
                Id = Attr(e, "id") ?? string.Empty,
                Name = Attr(e, "name"),
                ElementType = "process",
                Documentation = Documentation(e),
                Position = new SourcePosition(line, col),
                Extensions = Extensions(e),
                ForeignAttributes = Foreign(e),
                IsExecutable = BoolAttr(e, "isExecutable", false),
                FlowNodes = scope.Nodes,
                SequenceFlows = scope.Flows,
                DataElements = scope.Data,
                Artifacts = scope.Artifacts,
                LaneSets = scope.LaneSets,
            };
        }

        private sealed record ScopeContent(
            List<FlowNode> Nodes,
            List<SequenceFlow> Flows,
            List<DataElement> Data,
            List<Artifact> Artifacts,
            List<BpmnLaneSet> LaneSets);

        private ScopeContent ReadScope(XElement scopeElement)
        {
            var nodes = new List<FlowNode>();
            var flows = new List<SequenceFlow>();
            var data = new List<DataElement>();
            var artifacts = new List<Artifact>();
            foreach (var e in scopeElement.Elements())
            {
                if (e.Name.Namespace != Bpmn)
                {
                    continue;
                }

                var local = e.Name.LocalName;
                if (local == "sequenceFlow")
                {
                    flows.Add(Register(ReadSequenceFlow(e)));
                }
                else if (EventTypes.Contains(local) || ActivityTypes.Contains(local) || GatewayTypes.Contains(local))
                {
                    nodes.Add(ReadFlowNode(e));
                }
                else if (DataTypes.Contains(local))
                {
                    data.Add(Register(Base<DataElement>(e) with
                    {
                        Ref = Attr(e, "dataObjectRef") ?? Attr(e, "dataStoreRef"),
                        IsCollection = BoolAttr(e, "isCollection", false),
                    }));
                }
                else if (local == "ioSpecification")
                {
                    data.AddRange(e.Elements().Where(d => d.Name.LocalName is "dataInput" or "dataOutput").Select(d => Register(Base<DataElement>(d) with
                    {
                        IsCollection = BoolAttr(d, "isCollection", false),
                    })));
                }
                else if (ArtifactTypes.Contains(local))
                {
                    artifacts.Add(Register(ReadArtifact(e)));
                }
                else if (!IgnoredScopeChildren.Contains(local))
                {
                    _unknown.Add(Register(ReadRoot(e, null)));
                }
            }

            var boundaries = nodes.OfType<BpmnEvent>().Where(b => b.AttachedToRef is not null)
                .GroupBy(b => b.AttachedToRef!).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(b => b.Id).ToList());
            for (var i = 0; i < nodes.Count; i++)
            {
                var n = nodes[i] with
                {
                    Incoming = _incoming.GetValueOrDefault(nodes[i].Id, []),
                    Outgoing = _outgoing.GetValueOrDefault(nodes[i].Id, []),
                };
                if (n is BpmnActivity a && boundaries.TryGetValue(a.Id, out var b))
                {
                    n = a with { BoundaryEvents = b };
                }

                nodes[i] = Register(n);
            }

            var laneSets = scopeElement.Elements(Bpmn + "laneSet").Select(ReadLaneSet).ToList();
            return new ScopeContent(nodes, flows, data, artifacts, laneSets);
        }

        private BpmnLaneSet ReadLaneSet(XElement e) =>
            new(Attr(e, "id") ?? string.Empty, e.Elements(Bpmn + "lane").Select(ReadLane).ToList());

        private BpmnLane ReadLane(XElement e)
        {
            var children = e.Elements(Bpmn + "childLaneSet").SelectMany(s => s.Elements(Bpmn + "lane")).Select(ReadLane).ToList();
            return Register(Base<BpmnLane>(e) with
            {
                FlowNodeRefs = e.Elements(Bpmn + "flowNodeRef").Select(r => r.Value.Trim()).ToList(),
                ChildLanes = children,
            });
        }

        private static T Base<T>(XElement e)
            where T : BpmnElement
        {
            var (line, col) = Pos(e);
            var instance = (T)Activator.CreateInstance(typeof(T), nonPublic: false)!;
            return instance with
            {
                Id = Attr(e, "id") ?? string.Empty,
                Name = Attr(e, "name"),
                ElementType = e.Name.LocalName,
                Documentation = Documentation(e),
                Position = new SourcePosition(line, col),
                Extensions = Extensions(e),
                ForeignAttributes = Foreign(e),
            };
        }

        private static Artifact ReadArtifact(XElement e) => Base<Artifact>(e) with
        {
            Text = e.Element(Bpmn + "text")?.Value,
            SourceRef = Attr(e, "sourceRef"),
            TargetRef = Attr(e, "targetRef"),
        };

        private static SequenceFlow ReadSequenceFlow(XElement e)
        {
            var condition = e.Element(Bpmn + "conditionExpression");
            return Base<SequenceFlow>(e) with
            {
                SourceRef = Attr(e, "sourceRef") ?? string.Empty,
                TargetRef = Attr(e, "targetRef") ?? string.Empty,
                Condition = condition is null ? null : NormaliseExpression(condition.Value),
            };
        }

        private FlowNode ReadFlowNode(XElement e)
        {
            var local = e.Name.LocalName;
            var settings = ReadExecution(e);
            if (EventTypes.Contains(local))
            {
                return Base<BpmnEvent>(e) with
                {
                    Execution = settings,
                    EventDefinitions = e.Elements().Where(d => d.Name.Namespace == Bpmn && d.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal))
                        .Select(ReadEventDefinition).OfType<EventDefinition>().ToList(),
                    AttachedToRef = Attr(e, "attachedToRef"),
                    Interrupting = local == "boundaryEvent" ? BoolAttr(e, "cancelActivity", true) : BoolAttr(e, "isInterrupting", true),
                };
            }

            if (GatewayTypes.Contains(local))
            {
                return Base<BpmnGateway>(e) with
                {
                    Execution = settings,
                    DefaultFlow = Attr(e, "default"),
                    Direction = Attr(e, "gatewayDirection") switch
                    {
                        "Converging" => GatewayDirection.Converging,
                        "Diverging" => GatewayDirection.Diverging,
                        "Mixed" => GatewayDirection.Mixed,
                        _ => GatewayDirection.Unspecified,
                    },
                    Instantiate = BoolAttr(e, "instantiate", false),
                };
            }

            var activity = local is "subProcess" or "transaction" or "adHocSubProcess" ? ReadSubProcess(e) : Base<BpmnActivity>(e);
            return activity with
            {
                Execution = settings,
                DefaultFlow = Attr(e, "default"),
                MultiInstance = ReadMultiInstance(e),
                HasStandardLoop = e.Element(Bpmn + "standardLoopCharacteristics") is not null,
                MessageRef = Attr(e, "messageRef"),
                CalledElement = Attr(e, "calledElement"),
                ScriptFormat = Attr(e, "scriptFormat"),
            };
        }

        private BpmnSubProcess ReadSubProcess(XElement e)
        {
            var scope = ReadScope(e);
            return Base<BpmnSubProcess>(e) with
            {
                TriggeredByEvent = BoolAttr(e, "triggeredByEvent", false),
                FlowNodes = scope.Nodes,
                SequenceFlows = scope.Flows,
                DataElements = scope.Data,
                Artifacts = scope.Artifacts,
                LaneSets = scope.LaneSets,
            };
        }

        private static EventDefinition? ReadEventDefinition(XElement d)
        {
            EventDefinitionKind? kind = d.Name.LocalName switch
            {
                "messageEventDefinition" => EventDefinitionKind.Message,
                "timerEventDefinition" => EventDefinitionKind.Timer,
                "errorEventDefinition" => EventDefinitionKind.Error,
                "signalEventDefinition" => EventDefinitionKind.Signal,
                "escalationEventDefinition" => EventDefinitionKind.Escalation,
                "terminateEventDefinition" => EventDefinitionKind.Terminate,
                "conditionalEventDefinition" => EventDefinitionKind.Conditional,
                "compensateEventDefinition" => EventDefinitionKind.Compensate,
                "cancelEventDefinition" => EventDefinitionKind.Cancel,
                "linkEventDefinition" => EventDefinitionKind.Link,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }

            TimerDefinition? timer = null;
            if (kind == EventDefinitionKind.Timer)
            {
                var t = d.Element(Bpmn + "timeDuration") is { } du ? new TimerDefinition(TimerKind.Duration, du.Value.Trim())
                    : d.Element(Bpmn + "timeDate") is { } da ? new TimerDefinition(TimerKind.Date, da.Value.Trim())
                    : d.Element(Bpmn + "timeCycle") is { } cy ? new TimerDefinition(TimerKind.Cycle, cy.Value.Trim())
                    : null;
                timer = t;
            }

            return new EventDefinition
            {
                Kind = kind.Value,
                Id = Attr(d, "id"),
                Ref = Attr(d, "messageRef") ?? Attr(d, "errorRef") ?? Attr(d, "signalRef") ?? Attr(d, "escalationRef"),
                Timer = timer,
                Text = Attr(d, "name") ?? d.Element(Bpmn + "condition")?.Value.Trim(),
            };
        }

        private static MultiInstance? ReadMultiInstance(XElement e)
        {
            var mi = e.Element(Bpmn + "multiInstanceLoopCharacteristics");
            if (mi is null)
            {
                return null;
            }

            var zeebe = mi.Element(Bpmn + "extensionElements")?.Element(Zeebe + "loopCharacteristics");
            return new MultiInstance
            {
                IsSequential = BoolAttr(mi, "isSequential", false),
                InputCollection = NormaliseExpression(Attr(zeebe ?? mi, "inputCollection") ?? (string?)mi.Attribute(Camunda + "collection")),
                InputElement = zeebe is null ? (string?)mi.Attribute(Camunda + "elementVariable") : Attr(zeebe, "inputElement"),
                OutputCollection = zeebe is null ? null : Attr(zeebe, "outputCollection"),
                OutputElement = NormaliseExpression(zeebe is null ? null : Attr(zeebe, "outputElement")),
                CompletionCondition = NormaliseExpression(mi.Element(Bpmn + "completionCondition")?.Value),
                LoopCardinality = NormaliseExpression(mi.Element(Bpmn + "loopCardinality")?.Value),
            };
        }

        private static ExecutionSettings ReadExecution(XElement e)
        {
            var ext = e.Element(Bpmn + "extensionElements");
            var task = ext?.Element(Zeebe + "taskDefinition");
            var assignment = ext?.Element(Zeebe + "assignmentDefinition");
            var form = ext?.Element(Zeebe + "formDefinition");
            var called = ext?.Element(Zeebe + "calledElement");
            var schedule = ext?.Element(Zeebe + "taskSchedule");
            var io = ext?.Element(Zeebe + "ioMapping");
            var camundaIo = ext?.Element(Camunda + "inputOutput");
            var headers = ext?.Element(Zeebe + "taskHeaders")?.Elements(Zeebe + "header")
                .Where(h => Attr(h, "key") is not null)
                .GroupBy(h => Attr(h, "key")!)
                .ToDictionary(g => g.Key, g => Attr(g.First(), "value") ?? string.Empty, StringComparer.Ordinal);

            var inputs = new List<VariableMapping>();
            var outputs = new List<VariableMapping>();
            if (io is not null)
            {
                inputs.AddRange(io.Elements(Zeebe + "input").Select(m => new VariableMapping(Attr(m, "source") ?? string.Empty, Attr(m, "target") ?? string.Empty)));
                outputs.AddRange(io.Elements(Zeebe + "output").Select(m => new VariableMapping(Attr(m, "source") ?? string.Empty, Attr(m, "target") ?? string.Empty)));
            }

            if (camundaIo is not null)
            {
                inputs.AddRange(camundaIo.Elements(Camunda + "inputParameter").Select(CamundaMapping));
                outputs.AddRange(camundaIo.Elements(Camunda + "outputParameter").Select(CamundaMapping));
            }

            return new ExecutionSettings
            {
                TaskType = Attr(task ?? e, "type") is { } zt && task is not null ? zt
                    : (string?)e.Attribute(Camunda + "topic") ?? (string?)e.Attribute(Camunda + "type"),
                Retries = task is null ? null : Attr(task, "retries"),
                Headers = headers ?? (IReadOnlyDictionary<string, string>)BpmnElement.EmptyAttributes,
                Assignee = (assignment is null ? null : Attr(assignment, "assignee")) ?? (string?)e.Attribute(Camunda + "assignee"),
                CandidateGroups = (assignment is null ? null : Attr(assignment, "candidateGroups")) ?? (string?)e.Attribute(Camunda + "candidateGroups"),
                CandidateUsers = (assignment is null ? null : Attr(assignment, "candidateUsers")) ?? (string?)e.Attribute(Camunda + "candidateUsers"),
                FormKey = (form is null ? null : Attr(form, "formKey") ?? Attr(form, "formId")) ?? (string?)e.Attribute(Camunda + "formKey"),
                DueDate = (schedule is null ? null : Attr(schedule, "dueDate")) ?? (string?)e.Attribute(Camunda + "dueDate"),
                CalledProcessId = called is null ? Attr(e, "calledElement") : Attr(called, "processId"),
                CalledVersion = (string?)e.Attribute(Camunda + "calledElementVersion"),
                PropagateAllChildVariables = called is null || BoolAttr(called, "propagateAllChildVariables", true),
                Inputs = inputs,
                Outputs = outputs,
            };
        }

        private static VariableMapping CamundaMapping(XElement p)
        {
            var text = p.Value.Trim();
            var source = text.StartsWith("${", StringComparison.Ordinal) ? "=" + NormaliseExpression(text) : text;
            return new VariableMapping(source, Attr(p, "name") ?? string.Empty);
        }

        private BpmnCollaboration ReadCollaboration(XElement e) => Base<BpmnCollaboration>(e) with
        {
            Participants = e.Elements(Bpmn + "participant").Select(p => Register(Base<BpmnParticipant>(p) with { ProcessRef = Attr(p, "processRef") })).ToList(),
            MessageFlows = e.Elements(Bpmn + "messageFlow").Select(m => Register(Base<BpmnMessageFlow>(m) with
            {
                SourceRef = Attr(m, "sourceRef") ?? string.Empty,
                TargetRef = Attr(m, "targetRef") ?? string.Empty,
                MessageRef = Attr(m, "messageRef"),
            })).ToList(),
            Artifacts = e.Elements().Where(a => a.Name.Namespace == Bpmn && ArtifactTypes.Contains(a.Name.LocalName)).Select(a => Register(ReadArtifact(a))).ToList(),
        };

        private static BpmnDiagram ReadDiagram(XElement d)
        {
            var plane = d.Elements().FirstOrDefault(p => p.Name.LocalName == "BPMNPlane");
            var shapes = new List<DiagramShape>();
            var edges = new List<DiagramEdge>();
            if (plane is not null)
            {
                foreach (var s in plane.Elements())
                {
                    if (s.Name.LocalName == "BPMNShape")
                    {
                        var b = s.Elements().FirstOrDefault(x => x.Name.LocalName == "Bounds");
                        shapes.Add(new DiagramShape(
                            Attr(s, "id") ?? string.Empty,
                            Attr(s, "bpmnElement") ?? string.Empty,
                            b is null ? default : ReadBounds(b),
                            LabelBounds(s),
                            Attr(s, "isExpanded") is null ? null : BoolAttr(s, "isExpanded", false),
                            Attr(s, "isHorizontal") is null ? null : BoolAttr(s, "isHorizontal", false)));
                    }
                    else if (s.Name.LocalName == "BPMNEdge")
                    {
                        edges.Add(new DiagramEdge(
                            Attr(s, "id") ?? string.Empty,
                            Attr(s, "bpmnElement") ?? string.Empty,
                            s.Elements().Where(w => w.Name.LocalName == "waypoint").Select(w => new Waypoint(Num(w, "x"), Num(w, "y"))).ToList(),
                            LabelBounds(s)));
                    }
                }
            }

            return new BpmnDiagram(Attr(d, "id") ?? string.Empty, Attr(d, "name"), plane is null ? null : Attr(plane, "bpmnElement"), shapes, edges);
        }

        private static Bounds ReadBounds(XElement b) => new(Num(b, "x"), Num(b, "y"), Num(b, "width"), Num(b, "height"));

        private static Bounds? LabelBounds(XElement s)
        {
            var b = s.Elements().FirstOrDefault(x => x.Name.LocalName == "BPMNLabel")?.Elements().FirstOrDefault(x => x.Name.LocalName == "Bounds");
            return b is null ? null : ReadBounds(b);
        }
    }
}
