using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Feel;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Validation;

/// <summary>The rules shared by the check analysis and deployment validation.</summary>
internal sealed class ProcessRules(BpmnDefinitions definitions, BpmnProcess process)
{
    private readonly List<BpmnProblem> _problems = [];
    private readonly HashSet<string> _reachable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowNode> _nodes = new(StringComparer.Ordinal);

    public List<BpmnProblem> Run()
    {
        foreach (var n in BpmnDefinitions.AllFlowNodes(process))
        {
            _nodes.TryAdd(n.Id, n);
        }

        ComputeReachable();
        if (!process.FlowNodes.OfType<BpmnEvent>().Any(e => e.ElementType == "startEvent"))
        {
            Add(ProblemSeverity.Error, process, "process has no start event");
        }

        CheckScope(process);
        return _problems;
    }

    private void Add(ProblemSeverity severity, BpmnElement e, string message) =>
        _problems.Add(new BpmnProblem(severity, message, e.Id, e.ElementType, e.Position.Line, e.Position.Column));

    /// <summary>Unsupported elements are errors when a token can reach them, warnings otherwise.</summary>
    private void Unsupported(FlowNode n, string message) =>
        Add(_reachable.Contains(n.Id) ? ProblemSeverity.Error : ProblemSeverity.Warning, n, message);

    private void ComputeReachable()
    {
        var stack = new Stack<FlowNode>();
        void Seeds(IFlowScope scope)
        {
            foreach (var s in scope.FlowNodes.OfType<BpmnEvent>().Where(e => e.ElementType == "startEvent"))
            {
                stack.Push(s);
            }

            foreach (var es in scope.FlowNodes.OfType<BpmnSubProcess>().Where(s => s.TriggeredByEvent))
            {
                stack.Push(es);
            }
        }

        Seeds(process);
        var flows = BpmnDefinitions.AllSequenceFlows(process).GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First());
        while (stack.TryPop(out var n))
        {
            if (!_reachable.Add(n.Id))
            {
                continue;
            }

            if (n is BpmnSubProcess sub)
            {
                Seeds(sub);
            }

            if (n is BpmnActivity a)
            {
                foreach (var b in a.BoundaryEvents)
                {
                    if (_nodes.TryGetValue(b, out var bn))
                    {
                        stack.Push(bn);
                    }
                }
            }

            foreach (var f in n.Outgoing)
            {
                if (flows.TryGetValue(f, out var flow) && _nodes.TryGetValue(flow.TargetRef, out var target))
                {
                    stack.Push(target);
                }
            }
        }
    }

    private void Expression(BpmnElement e, string? text, string what, bool feelOnlyWithEquals)
    {
        if (text is null)
        {
            return;
        }

        var t = text.Trim();
        if (feelOnlyWithEquals && !t.StartsWith('='))
        {
            return;
        }

        if (!FeelExpression.TryParse(t, out _, out var error))
        {
            Add(ProblemSeverity.Error, e, $"expression does not parse: {what} '{t}': {error}");
        }
    }

    private void CheckScope(IFlowScope scope)
    {
        var ids = new HashSet<string>(_nodes.Keys, StringComparer.Ordinal);
        foreach (var flow in scope.SequenceFlows)
        {
            if (!ids.Contains(flow.SourceRef))
            {
                Add(ProblemSeverity.Error, flow, $"dangling sequence flow sourceRef {flow.SourceRef}");
            }

            if (!ids.Contains(flow.TargetRef))
            {
                Add(ProblemSeverity.Error, flow, $"dangling sequence flow targetRef {flow.TargetRef}");
            }

            Expression(flow, flow.Condition, "condition", feelOnlyWithEquals: false);
        }

        foreach (var node in scope.FlowNodes)
        {
            if (node.Id.Length == 0)
            {
                Add(ProblemSeverity.Error, node, $"{node.ElementType} without id");
            }

            CheckMappings(node);
            switch (node)
            {
                case BpmnEvent e:
                    CheckEvent(e, scope);
                    break;
                case BpmnGateway g:
                    CheckGateway(g);
                    break;
                case BpmnActivity a:
                    CheckActivity(a);
                    if (a is BpmnSubProcess sub)
                    {
                        CheckScope(sub);
                    }

                    break;
            }

            if (node.Incoming.Count == 0 && node is not BpmnEvent { ElementType: "startEvent" or "boundaryEvent" }
                && node is not BpmnSubProcess { TriggeredByEvent: true })
            {
                Add(ProblemSeverity.Warning, node, "has no incoming sequence flow and is never reached");
            }
        }
    }

    private void CheckMappings(FlowNode node)
    {
        foreach (var m in node.Execution.Inputs.Concat(node.Execution.Outputs))
        {
            Expression(node, m.Source, $"mapping to {m.Target}", feelOnlyWithEquals: true);
        }

        Expression(node, node.Execution.Assignee, "assignee", feelOnlyWithEquals: true);
        Expression(node, node.Execution.CandidateGroups, "candidateGroups", feelOnlyWithEquals: true);
        Expression(node, node.Execution.CandidateUsers, "candidateUsers", feelOnlyWithEquals: true);
        Expression(node, node.Execution.CalledProcessId, "called process id", feelOnlyWithEquals: true);
    }

    private void CheckEvent(BpmnEvent e, IFlowScope scope)
    {
        if (e.EventDefinitions.Count > 1)
        {
            Unsupported(e, $"{e.ElementType} with several event definitions not supported");
            return;
        }

        var kind = e.Definition?.Kind;
        var inEventSub = scope is BpmnSubProcess { TriggeredByEvent: true };
        var supported = (e.ElementType, kind) switch
        {
            ("startEvent", null) => !inEventSub,
            ("startEvent", EventDefinitionKind.Message or EventDefinitionKind.Timer) => scope is BpmnProcess || inEventSub,
            ("startEvent", EventDefinitionKind.Error) => inEventSub,
            ("endEvent", null or EventDefinitionKind.Terminate or EventDefinitionKind.Error or EventDefinitionKind.Message) => true,
            ("intermediateCatchEvent", EventDefinitionKind.Timer or EventDefinitionKind.Message) => true,
            ("intermediateThrowEvent", null or EventDefinitionKind.Message) => true,
            ("boundaryEvent", EventDefinitionKind.Timer or EventDefinitionKind.Message) => true,
            ("boundaryEvent", EventDefinitionKind.Error) => e.Interrupting,
            _ => false,
        };
        if (!supported)
        {
            var what = kind is null ? "none" : kind.Value.ToString().ToLowerInvariant();
            Unsupported(e, $"{what} {e.ElementType} not supported{(inEventSub ? " in an event subprocess" : string.Empty)}");
            return;
        }

        if (kind == EventDefinitionKind.Timer)
        {
            var timer = e.Definition!.Timer;
            if (timer is null)
            {
                Unsupported(e, "timer event without timeDuration, timeDate or timeCycle");
            }
            else if (timer.Expression.StartsWith('='))
            {
                Expression(e, timer.Expression, "timer", feelOnlyWithEquals: true);
            }
            else if (ProcessEngine.ComputeTimer(timer, DateTimeOffset.UnixEpoch, _ => null) is null)
            {
                Unsupported(e, $"timer {timer.Kind.ToString().ToLowerInvariant()} '{timer.Expression}' is not valid ISO 8601");
            }
        }

        if (kind == EventDefinitionKind.Message && e.ElementType is not ("endEvent" or "intermediateThrowEvent"))
        {
            CheckMessage(e, e.Definition!.Ref);
        }

        if (kind == EventDefinitionKind.Message && e.ElementType is "endEvent" or "intermediateThrowEvent" && string.IsNullOrEmpty(e.Execution.TaskType))
        {
            Add(ProblemSeverity.Info, e, "message throw event without task type passes through without sending");
        }
    }

    private void CheckMessage(FlowNode n, string? messageRef)
    {
        var message = definitions.FindMessage(messageRef);
        if (message is null)
        {
            Unsupported(n, $"message catch without a message{(messageRef is null ? string.Empty : $" ({messageRef} not found)")}");
            return;
        }

        if (message.Extensions.FirstOrDefault(x => x.LocalName == "subscription")?.Attribute("correlationKey") is { } key)
        {
            Expression(message, key.StartsWith('=') ? key : "=" + key, "correlation key", feelOnlyWithEquals: true);
        }
    }

    private void CheckGateway(BpmnGateway g)
    {
        if (g.DefaultFlow is not null && !g.Outgoing.Contains(g.DefaultFlow))
        {
            Add(ProblemSeverity.Error, g, $"default flow {g.DefaultFlow} is not an outgoing flow");
        }

        switch (g.ElementType)
        {
            case "complexGateway":
                Unsupported(g, "complexGateway not supported");
                break;
            case "exclusiveGateway" when g.Outgoing.Count > 1:
                foreach (var f in BpmnDefinitions.AllSequenceFlows(process).Where(f => f.SourceRef == g.Id))
                {
                    if (f.Condition is null && f.Id != g.DefaultFlow)
                    {
                        Unsupported(g, $"exclusive gateway flow {f.Id} without condition and not default");
                    }
                }

                break;
            case "eventBasedGateway":
                foreach (var f in BpmnDefinitions.AllSequenceFlows(process).Where(f => f.SourceRef == g.Id))
                {
                    if (_nodes.TryGetValue(f.TargetRef, out var t)
                        && !(t is BpmnEvent { ElementType: "intermediateCatchEvent" } ce && ce.Definition?.Kind is EventDefinitionKind.Timer or EventDefinitionKind.Message)
                        && t.ElementType != "receiveTask")
                    {
                        Unsupported(g, $"event-based gateway leads to {t.ElementType} {t.Id}; only timer and message catch events or receive tasks are supported");
                    }
                }

                break;
        }
    }

    private void CheckActivity(BpmnActivity a)
    {
        if (a.HasStandardLoop)
        {
            Unsupported(a, "standard loop not supported");
        }

        if (a.MultiInstance is { } mi)
        {
            if (mi.InputCollection is null && mi.LoopCardinality is null)
            {
                Unsupported(a, "multi-instance without input collection or loop cardinality");
            }

            Expression(a, mi.InputCollection, "input collection", feelOnlyWithEquals: false);
            Expression(a, mi.LoopCardinality, "loop cardinality", feelOnlyWithEquals: false);
            Expression(a, mi.OutputElement, "output element", feelOnlyWithEquals: false);
            Expression(a, mi.CompletionCondition, "completion condition", feelOnlyWithEquals: false);
        }

        switch (a.ElementType)
        {
            case "scriptTask":
                Add(ProblemSeverity.Error, a, "scriptTask is not executed: script tasks are refused at deployment");
                break;
            case "serviceTask" or "sendTask" when string.IsNullOrEmpty(a.Execution.TaskType):
                Unsupported(a, $"{(a.ElementType == "serviceTask" ? "service" : "send")} task without task type");
                break;
            case "businessRuleTask" when string.IsNullOrEmpty(a.Execution.TaskType):
                Unsupported(a, "business rule task without task type (DMN is not evaluated)");
                break;
            case "receiveTask":
                CheckMessage(a, a.MessageRef);
                break;
            case "callActivity" when string.IsNullOrEmpty(a.Execution.CalledProcessId):
                Unsupported(a, "call activity without called process id");
                break;
            case "transaction" or "adHocSubProcess":
                Unsupported(a, $"{a.ElementType} not supported");
                break;
            case "task":
                Add(ProblemSeverity.Info, a, "task without type passes through");
                break;
        }
    }
}
