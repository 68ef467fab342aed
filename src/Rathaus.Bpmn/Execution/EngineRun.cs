using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Bpmn.Feel;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Execution;

/// <summary>Applies one command to a (copied) state; holds the agenda and collects effects.</summary>
internal sealed class EngineRun(DeployedProcess process, ProcessInstanceState state, IIdGenerator ids, TimeProvider time)
{
    // A runaway loop in a model must not hang the caller.
    private const int MaxSteps = 100_000;

    private readonly List<EngineEffect> _effects = [];
    private readonly Queue<Action> _agenda = new();
    private int _steps;

    private DateTimeOffset Now => time.GetUtcNow();

    public EngineResult Finish()
    {
        state.Revision++;
        return new EngineResult(state, _effects);
    }

    public void Start(StartInstance start)
    {
        var root = NewExecution(process.ProcessId, null);
        root.Variables = start.Variables?.DeepClone().AsObject() ?? [];
        History(root, HistoryEventKind.Entered);
        OpenEventSubProcessTriggers(root, process.Process);
        var startEvent = start.StartEventId is null
            ? process.StartEvents.FirstOrDefault(e => e.EventDefinitions.Count == 0)
                ?? throw new ProcessEngineException($"Process {process.ProcessId} has no none start event.")
            : process.StartEvents.FirstOrDefault(e => e.Id == start.StartEventId)
                ?? throw new ProcessEngineException($"Start event {start.StartEventId} is not a start event of process {process.ProcessId}.");
        Enqueue(() => Activate(startEvent.Id, root.Id, null, triggered: true));
        Drain();
    }

    public void Apply(EngineCommand command)
    {
        switch (command)
        {
            case CompleteUserTask c:
                {
                    var task = state.UserTasks.Find(t => t.Id == c.TaskId) ?? throw new ProcessEngineException($"User task {c.TaskId} is not open.");
                    state.UserTasks.Remove(task);
                    _effects.Add(new UserTaskCompleted(task.Id));
                    var exec = Execution(task.ExecutionId);
                    Enqueue(() => CompleteActivity(exec, c.Variables));
                    break;
                }

            case AssignUserTask c:
                {
                    var task = state.UserTasks.Find(t => t.Id == c.TaskId) ?? throw new ProcessEngineException($"User task {c.TaskId} is not open.");
                    task.Assignee = string.IsNullOrEmpty(c.Assignee) ? null : c.Assignee;
                    _effects.Add(new UserTaskAssigned(task.Id, task.Assignee));
                    break;
                }

            case CompleteJob c:
                {
                    var job = Job(c.JobId);
                    state.Jobs.Remove(job);
                    _effects.Add(new JobCompleted(job.Id));
                    var exec = Execution(job.ExecutionId);
                    Enqueue(() => CompleteActivity(exec, c.Variables));
                    break;
                }

            case FailJob c:
                {
                    var job = Job(c.JobId);
                    job.Retries = Math.Max(0, c.RemainingRetries);
                    job.ErrorMessage = c.ErrorMessage;
                    _effects.Add(new JobFailed(job.Id, job.Retries, c.ErrorMessage));
                    if (job.Retries == 0)
                    {
                        var exec = Execution(job.ExecutionId);
                        RaiseIncident(exec, "JobFailed", $"Job {job.Type} failed and has no retries left: {c.ErrorMessage}", job.Id);
                    }

                    break;
                }

            case ThrowJobError c:
                {
                    var job = Job(c.JobId);
                    state.Jobs.Remove(job);
                    _effects.Add(new JobCompleted(job.Id));
                    var exec = Execution(job.ExecutionId);
                    if (c.Variables is not null)
                    {
                        SetPropagating(Parent(exec), c.Variables);
                    }

                    Enqueue(() => ThrowError(exec, c.ErrorCode, c.ErrorMessage, job.Id));
                    break;
                }

            case CorrelateMessage c:
                {
                    var sub = state.MessageSubscriptions.Find(s => s.MessageName == c.MessageName && s.CorrelationKey == c.CorrelationKey)
                        ?? throw new ProcessEngineException($"No subscription for message '{c.MessageName}' with key '{c.CorrelationKey}' in instance {state.InstanceId}.");
                    Enqueue(() => Trigger(sub.Kind, sub.ElementId, sub.ExecutionId, c.Variables, cycleTimer: null));
                    if (sub.Kind is TriggerKind.Element or TriggerKind.EventGateway
                        || (sub.Kind is TriggerKind.Boundary or TriggerKind.EventSubProcessStart && IsInterrupting(sub.ElementId)))
                    {
                        CloseSubscription(sub);
                    }

                    break;
                }

            case FireTimer c:
                {
                    var timer = state.Timers.Find(t => t.Id == c.TimerId) ?? throw new ProcessEngineException($"Timer {c.TimerId} is not scheduled.");
                    state.Timers.Remove(timer);
                    _effects.Add(new TimerCancelled(timer.Id));
                    Enqueue(() => Trigger(timer.Kind, timer.ElementId, timer.ExecutionId, null, timer));
                    break;
                }

            case CompleteCallActivity c:
                {
                    var exec = Execution(c.ExecutionId);
                    var node = (BpmnActivity)process.Node(exec.ElementId);
                    var variables = node.Execution.Outputs.Count == 0 && !node.Execution.PropagateAllChildVariables ? null : c.Variables;
                    Enqueue(() => CompleteActivity(exec, variables));
                    break;
                }

            case SetVariables c:
                {
                    var exec = c.ExecutionId is null ? Root() : Execution(c.ExecutionId);
                    exec.Variables ??= [];
                    foreach (var (k, v) in c.Variables)
                    {
                        exec.Variables[k] = v?.DeepClone();
                    }

                    break;
                }

            case ResolveIncident c:
                {
                    var incident = state.Incidents.Find(i => i.Id == c.IncidentId) ?? throw new ProcessEngineException($"Incident {c.IncidentId} is not open.");
                    state.Incidents.Remove(incident);
                    _effects.Add(new IncidentResolved(incident.Id));
                    var exec = Execution(incident.ExecutionId);
                    if (incident.JobId is not null && state.Jobs.Find(j => j.Id == incident.JobId) is { } job)
                    {
                        job.Retries = Math.Max(1, c.Retries);
                        exec.Status = ExecutionStatus.Waiting;
                        _effects.Add(new JobCreated(job, Reopened: true));
                    }
                    else
                    {
                        exec.Status = ExecutionStatus.Active;
                        Enqueue(() => Behave(exec, process.Node(exec.ElementId), triggered: false, null));
                    }

                    break;
                }

            case CancelInstance:
                Terminate(Root());
                state.Status = InstanceStatus.Cancelled;
                state.EndedAt = Now;
                _effects.Add(new InstanceTerminated(state.InstanceId, "cancelled"));
                break;

            default:
                throw new ProcessEngineException($"Unknown command {command.GetType().Name}.");
        }

        Drain();
    }

    // ---------------------------------------------------------------- agenda

    private void Enqueue(Action step) => _agenda.Enqueue(step);

    private void Drain()
    {
        while (true)
        {
            while (_agenda.TryDequeue(out var step))
            {
                if (++_steps > MaxSteps)
                {
                    throw new ProcessEngineException($"More than {MaxSteps} steps in one command: the model loops without a wait state.");
                }

                if (state.Status == InstanceStatus.Active)
                {
                    step();
                }
            }

            // Inclusive joins may become ready when other tokens end elsewhere.
            if (state.Status != InstanceStatus.Active || !TryFireInclusiveJoins())
            {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- executions

    private ExecutionState NewExecution(string elementId, string? parentId)
    {
        var exec = new ExecutionState { Id = ids.NewId("exec"), ElementId = elementId, ParentId = parentId, Status = ExecutionStatus.Active };
        state.Executions.Add(exec);
        return exec;
    }

    private ExecutionState Root() => state.Executions.Find(e => e.ParentId is null) ?? throw new ProcessEngineException("The instance has no root execution.");

    private ExecutionState Execution(string id) => state.Executions.Find(e => e.Id == id) ?? throw new ProcessEngineException($"Execution {id} does not exist.");

    private ExecutionState? Parent(ExecutionState exec) => exec.ParentId is null ? null : state.Executions.Find(e => e.Id == exec.ParentId);

    private List<ExecutionState> Children(ExecutionState exec) => state.Executions.FindAll(e => e.ParentId == exec.Id);

    private JobState Job(string id) => state.Jobs.Find(j => j.Id == id) ?? throw new ProcessEngineException($"Job {id} is not open.");

    private string ElementType(ExecutionState exec) => exec.ParentId is null ? "process" : process.FindNode(exec.ElementId)?.ElementType ?? "element";

    private void History(ExecutionState exec, HistoryEventKind kind) =>
        _effects.Add(new HistoryEvent(state.InstanceId, exec.Id, exec.ElementId, exec.IsMultiInstanceBody ? "multiInstanceBody" : ElementType(exec), kind, Now));

    // ---------------------------------------------------------------- variables and expressions

    private sealed class ScopeContext(EngineRun run, ExecutionState? exec) : FeelContext
    {
        public override TimeProvider Time => run.Clock;

        public override bool TryGetVariable(string name, out JsonNode? value)
        {
            for (var e = exec; e is not null; e = run.Parent(e))
            {
                if (e.Variables is not null && e.Variables.TryGetPropertyValue(name, out value))
                {
                    return true;
                }
            }

            value = null;
            return false;
        }
    }

    private TimeProvider Clock => time;

    private object? Evaluate(string expression, ExecutionState? exec) => process.Expression(expression).EvaluateRaw(new ScopeContext(this, exec));

    private JsonObject VisibleVariables(ExecutionState exec)
    {
        var chain = new List<ExecutionState>();
        for (var e = exec; e is not null; e = Parent(e))
        {
            chain.Add(e);
        }

        var result = new JsonObject();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (chain[i].Variables is { } vars)
            {
                foreach (var (k, v) in vars)
                {
                    result[k] = v?.DeepClone();
                }
            }
        }

        return result;
    }

    /// <summary>Sets each variable in the nearest scope (from <paramref name="start"/> upwards) that defines it, else at process level.</summary>
    private void SetPropagating(ExecutionState? start, JsonObject variables)
    {
        foreach (var (name, value) in variables)
        {
            SetPropagating(start, name, value?.DeepClone());
        }
    }

    private void SetPropagating(ExecutionState? start, string name, JsonNode? value)
    {
        for (var e = start; e is not null; e = Parent(e))
        {
            if (e.Variables is not null && e.Variables.ContainsKey(name))
            {
                e.Variables[name] = value;
                return;
            }
        }

        var root = Root();
        root.Variables ??= [];
        root.Variables[name] = value;
    }

    /// <summary>Evaluates a mapping source: FEEL after '=', otherwise a literal string.</summary>
    private JsonNode? MappingValue(string source, ExecutionState exec) =>
        source.TrimStart().StartsWith('=') ? FeelValues.ToJson(Evaluate(source.TrimStart()[1..], exec)) : JsonValue.Create(source);

    /// <summary>Writes a value to a possibly dotted target (to.email) inside a variables object.</summary>
    private static void SetPath(JsonObject target, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var obj = target;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (obj[parts[i]] is not JsonObject next)
            {
                next = [];
                obj[parts[i]] = next;
            }

            obj = next;
        }

        obj[parts[^1]] = value;
    }

    private string? EvaluateText(string? value, ExecutionState exec)
    {
        if (value is null)
        {
            return null;
        }

        return value.TrimStart().StartsWith('=') ? Evaluate(value.TrimStart()[1..], exec) is { } v ? FeelValues.ToText(v) : null : value;
    }

    private List<string> EvaluateList(string? value, ExecutionState exec)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        if (value.TrimStart().StartsWith('='))
        {
            return Evaluate(value.TrimStart()[1..], exec) switch
            {
                List<object?> list => list.Where(x => x is not null).Select(FeelValues.ToText).ToList(),
                null => [],
                var single => [FeelValues.ToText(single)],
            };
        }

        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    // ---------------------------------------------------------------- activation

    private void TakeFlow(SequenceFlow flow, string parentId) => Enqueue(() => Activate(flow.TargetRef, parentId, flow.Id, triggered: false));

    private void Activate(string elementId, string parentId, string? incomingFlowId, bool triggered, JsonObject? triggerVariables = null)
    {
        var node = process.Node(elementId);
        if (node is BpmnGateway { ElementType: "parallelGateway" or "inclusiveGateway" } gateway && gateway.Incoming.Count > 1)
        {
            var joining = NewExecution(elementId, parentId);
            joining.Status = ExecutionStatus.Joining;
            joining.IncomingFlowId = incomingFlowId;
            TryJoin(gateway, parentId);
            return;
        }

        if (node is BpmnActivity { MultiInstance: not null } mi)
        {
            ActivateMultiInstance(mi, parentId);
            return;
        }

        var exec = NewExecution(elementId, parentId);
        History(exec, HistoryEventKind.Entered);
        if (node is BpmnActivity activity)
        {
            OpenBoundaryEvents(exec, activity);
        }

        Behave(exec, node, triggered, triggerVariables);
    }

    private bool ApplyInputs(ExecutionState exec, FlowNode node)
    {
        if (node.Execution.Inputs.Count == 0)
        {
            return true;
        }

        // Inputs are evaluated one after another so that later ones may use earlier ones, as in Zeebe.
        exec.Variables ??= [];
        foreach (var input in node.Execution.Inputs)
        {
            SetPath(exec.Variables, input.Target, MappingValue(input.Source, exec));
        }

        return true;
    }

    private void Behave(ExecutionState exec, FlowNode node, bool triggered, JsonObject? triggerVariables)
    {
        try
        {
            if (exec.LoopCounter is null || exec.Variables is null || !exec.Variables.ContainsKey("loopCounter"))
            {
                ApplyInputs(exec, node);
            }

            switch (node)
            {
                case BpmnEvent e:
                    BehaveEvent(exec, e, triggered, triggerVariables);
                    break;
                case BpmnGateway g:
                    BehaveGateway(exec, g);
                    break;
                case BpmnSubProcess sub:
                    OpenEventSubProcessTriggers(exec, sub);
                    var starts = sub.FlowNodes.OfType<BpmnEvent>().Where(s => s.ElementType == "startEvent" && s.EventDefinitions.Count == 0).ToList();
                    if (starts.Count == 0)
                    {
                        RaiseIncident(exec, "Unsupported", $"Subprocess {sub.Id} has no none start event.");
                        return;
                    }

                    exec.Status = ExecutionStatus.Waiting;
                    foreach (var s in starts)
                    {
                        Enqueue(() => Activate(s.Id, exec.Id, null, triggered: true));
                    }

                    break;
                case BpmnActivity a:
                    BehaveActivity(exec, a);
                    break;
            }
        }
        catch (FeelParseException ex)
        {
            RaiseIncident(exec, "ExpressionFailed", "Expression does not parse: " + ex.Message);
        }
    }

    private void BehaveActivity(ExecutionState exec, BpmnActivity a)
    {
        switch (a.ElementType)
        {
            case "userTask":
                {
                    var task = new UserTaskState
                    {
                        Id = ids.NewId("task"),
                        ElementId = a.Id,
                        Name = a.Name,
                        ExecutionId = exec.Id,
                        Assignee = EvaluateText(a.Execution.Assignee, exec),
                        CandidateGroups = EvaluateList(a.Execution.CandidateGroups, exec),
                        CandidateUsers = EvaluateList(a.Execution.CandidateUsers, exec),
                        FormKey = a.Execution.FormKey,
                        CreatedAt = Now,
                    };
                    state.UserTasks.Add(task);
                    exec.Status = ExecutionStatus.Waiting;
                    _effects.Add(new UserTaskCreated(task));
                    break;
                }

            case "serviceTask" or "sendTask" or "businessRuleTask":
                CreateJob(exec, a);
                break;
            case "receiveTask":
                Subscribe(exec, a.Id, a.MessageRef, TriggerKind.Element);
                exec.Status = ExecutionStatus.Waiting;
                break;
            case "callActivity":
                {
                    var processId = EvaluateText(a.Execution.CalledProcessId, exec);
                    if (string.IsNullOrEmpty(processId))
                    {
                        RaiseIncident(exec, "ExpressionFailed", $"Call activity {a.Id} has no called process id.");
                        return;
                    }

                    int? version = int.TryParse(a.Execution.CalledVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
                    var variables = a.Execution.Inputs.Count > 0 ? exec.Variables?.DeepClone().AsObject() ?? [] : VisibleVariables(exec);
                    exec.Status = ExecutionStatus.Waiting;
                    _effects.Add(new ChildInstanceRequested(state.InstanceId, exec.Id, processId, version, variables));
                    break;
                }

            case "scriptTask":
                RaiseIncident(exec, "Unsupported", "Script tasks are not executed.");
                break;
            default:
                // task, manualTask: nothing to do.
                Enqueue(() => CompleteActivity(exec, null));
                break;
        }
    }

    private void CreateJob(ExecutionState exec, FlowNode node)
    {
        if (string.IsNullOrEmpty(node.Execution.TaskType))
        {
            RaiseIncident(exec, "Unsupported", $"{node.ElementType} {node.Id} has no task type.");
            return;
        }

        var retries = EvaluateText(node.Execution.Retries, exec);
        var job = new JobState
        {
            Id = ids.NewId("job"),
            ElementId = node.Id,
            ExecutionId = exec.Id,
            Type = node.Execution.TaskType,
            Retries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : ProcessEngine.DefaultRetries,
            Headers = new Dictionary<string, string>(node.Execution.Headers, StringComparer.Ordinal),
            Variables = VisibleVariables(exec),
            CreatedAt = Now,
        };
        state.Jobs.Add(job);
        exec.Status = ExecutionStatus.Waiting;
        _effects.Add(new JobCreated(job));
    }

    private void BehaveEvent(ExecutionState exec, BpmnEvent e, bool triggered, JsonObject? triggerVariables)
    {
        var definition = e.Definition;
        if (triggered || e.ElementType is "startEvent" or "boundaryEvent")
        {
            if (triggerVariables is not null)
            {
                CompleteActivity(exec, triggerVariables);
                return;
            }

            Enqueue(() => CompleteActivity(exec, null));
            return;
        }

        switch (e.ElementType, definition?.Kind)
        {
            case ("intermediateCatchEvent", EventDefinitionKind.Timer):
                ScheduleTimer(exec, e, exec.Id, TriggerKind.Element);
                exec.Status = ExecutionStatus.Waiting;
                break;
            case ("intermediateCatchEvent", EventDefinitionKind.Message):
                Subscribe(exec, e.Id, definition!.Ref, TriggerKind.Element);
                exec.Status = ExecutionStatus.Waiting;
                break;
            case ("intermediateThrowEvent" or "endEvent", EventDefinitionKind.Message):
                if (!string.IsNullOrEmpty(e.Execution.TaskType))
                {
                    CreateJob(exec, e);
                }
                else
                {
                    Enqueue(() => CompleteActivity(exec, null));
                }

                break;
            case ("endEvent", EventDefinitionKind.Terminate):
                {
                    var scope = Parent(exec)!;
                    foreach (var sibling in Children(scope).Where(c => c.Id != exec.Id))
                    {
                        Terminate(sibling);
                    }

                    History(exec, HistoryEventKind.Left);
                    state.Executions.Remove(exec);
                    if (scope.ParentId is null)
                    {
                        EndInstance(InstanceStatus.Terminated, $"terminate end event {e.Id}");
                    }
                    else
                    {
                        CompleteScope(scope);
                    }

                    break;
                }

            case ("endEvent", EventDefinitionKind.Error):
                ThrowError(exec, process.ErrorCode(definition!.Ref) ?? string.Empty, null, null);
                break;
            case (_, null) when e.EventDefinitions.Count == 0:
                Enqueue(() => CompleteActivity(exec, null));
                break;
            default:
                RaiseIncident(exec, "Unsupported", $"{e.ElementType} with {string.Join(", ", e.EventDefinitions.Select(d => d.Kind))} is not supported.");
                break;
        }
    }

    // ---------------------------------------------------------------- gateways

    private void BehaveGateway(ExecutionState exec, BpmnGateway g)
    {
        switch (g.ElementType)
        {
            case "exclusiveGateway":
                {
                    if (g.Outgoing.Count <= 1)
                    {
                        Leave(exec);
                        return;
                    }

                    foreach (var flowId in g.Outgoing)
                    {
                        var flow = process.Flow(flowId);
                        if (flow.Id != g.DefaultFlow && flow.Condition is not null && Evaluate(flow.Condition, exec) is true)
                        {
                            LeaveVia(exec, [flow]);
                            return;
                        }
                    }

                    if (g.DefaultFlow is not null)
                    {
                        LeaveVia(exec, [process.Flow(g.DefaultFlow)]);
                        return;
                    }

                    RaiseIncident(exec, "ConditionNotMet", $"No condition of exclusive gateway {g.Id} is true and there is no default flow.");
                    return;
                }

            case "inclusiveGateway":
                {
                    if (g.Outgoing.Count <= 1)
                    {
                        Leave(exec);
                        return;
                    }

                    var taken = g.Outgoing.Select(process.Flow)
                        .Where(f => f.Id != g.DefaultFlow && (f.Condition is null || Evaluate(f.Condition, exec) is true)).ToList();
                    if (taken.Count == 0 && g.DefaultFlow is not null)
                    {
                        taken.Add(process.Flow(g.DefaultFlow));
                    }

                    if (taken.Count == 0)
                    {
                        RaiseIncident(exec, "ConditionNotMet", $"No condition of inclusive gateway {g.Id} is true and there is no default flow.");
                        return;
                    }

                    LeaveVia(exec, taken);
                    return;
                }

            case "parallelGateway":
                Leave(exec);
                return;
            case "eventBasedGateway":
                exec.Status = ExecutionStatus.Waiting;
                foreach (var flowId in g.Outgoing)
                {
                    var target = process.Node(process.Flow(flowId).TargetRef);
                    var def = (target as BpmnEvent)?.Definition;
                    if (def?.Kind == EventDefinitionKind.Timer)
                    {
                        ScheduleTimer(exec, (BpmnEvent)target, exec.Id, TriggerKind.EventGateway);
                    }
                    else if (def?.Kind == EventDefinitionKind.Message)
                    {
                        Subscribe(exec, target.Id, def.Ref, TriggerKind.EventGateway);
                    }
                    else if (target is BpmnActivity { ElementType: "receiveTask" } receive)
                    {
                        Subscribe(exec, receive.Id, receive.MessageRef, TriggerKind.EventGateway);
                    }
                }

                return;
            default:
                RaiseIncident(exec, "Unsupported", $"{g.ElementType} is not supported.");
                return;
        }
    }

    private void TryJoin(BpmnGateway gateway, string parentId)
    {
        var arrived = state.Executions.FindAll(e => e.ParentId == parentId && e.ElementId == gateway.Id && e.Status == ExecutionStatus.Joining);
        var byFlow = gateway.Incoming.Select(f => arrived.Find(a => a.IncomingFlowId == f)).ToList();
        if (byFlow.TrueForAll(a => a is not null))
        {
            FireJoin(gateway, parentId, byFlow!);
        }
        else if (gateway.ElementType == "inclusiveGateway")
        {
            TryFireInclusive(gateway, parentId);
        }
    }

    private bool TryFireInclusiveJoins()
    {
        foreach (var joining in state.Executions.Where(e => e.Status == ExecutionStatus.Joining).ToList())
        {
            if (process.Node(joining.ElementId) is BpmnGateway { ElementType: "inclusiveGateway" } g && TryFireInclusive(g, joining.ParentId!))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fires an inclusive join when no other token in the scope can still reach it.</summary>
    private bool TryFireInclusive(BpmnGateway gateway, string parentId)
    {
        var arrived = state.Executions.FindAll(e => e.ParentId == parentId && e.ElementId == gateway.Id && e.Status == ExecutionStatus.Joining);
        if (arrived.Count == 0)
        {
            return false;
        }

        var others = state.Executions.Where(e => e.ParentId == parentId && e.ElementId != gateway.Id);
        if (others.Any(o => CanReach(o.ElementId, gateway.Id)))
        {
            return false;
        }

        var one = arrived.GroupBy(a => a.IncomingFlowId).Select(g => g.First()).ToList();
        FireJoin(gateway, parentId, one);
        return true;
    }

    private bool CanReach(string fromId, string targetId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(fromId);
        while (stack.TryPop(out var id))
        {
            if (!seen.Add(id) || process.FindNode(id) is not { } node)
            {
                continue;
            }

            var next = node.Outgoing.Select(f => process.Flow(f).TargetRef);
            if (node is BpmnActivity a)
            {
                next = next.Concat(a.BoundaryEvents);
            }

            foreach (var n in next)
            {
                if (n == targetId)
                {
                    return true;
                }

                stack.Push(n);
            }
        }

        return false;
    }

    private void FireJoin(BpmnGateway gateway, string parentId, List<ExecutionState> consumed)
    {
        foreach (var c in consumed)
        {
            state.Executions.Remove(c);
        }

        var exec = NewExecution(gateway.Id, parentId);
        History(exec, HistoryEventKind.Entered);
        Behave(exec, gateway, triggered: false, null);
    }

    // ---------------------------------------------------------------- leaving and completing

    /// <summary>An activity or event finished its work: apply outputs, then continue (or report to a multi-instance body).</summary>
    private void CompleteActivity(ExecutionState exec, JsonObject? variables)
    {
        if (!state.Executions.Contains(exec))
        {
            return;
        }

        var node = process.Node(exec.ElementId);
        var parent = Parent(exec);
        try
        {
            if (node.Execution.Outputs.Count > 0)
            {
                exec.Variables ??= [];
                if (variables is not null)
                {
                    foreach (var (k, v) in variables)
                    {
                        exec.Variables[k] = v?.DeepClone();
                    }
                }

                foreach (var output in node.Execution.Outputs)
                {
                    var value = MappingValue(output.Source, exec);
                    var top = output.Target.Split('.')[0];
                    if (output.Target.Contains('.', StringComparison.Ordinal))
                    {
                        var holder = new JsonObject();
                        var existing = new ScopeContext(this, parent).TryGetVariable(top, out var current) ? current?.DeepClone() : null;
                        holder[top] = existing;
                        SetPath(holder, output.Target, value);
                        SetPropagating(parent, top, holder[top]?.DeepClone());
                    }
                    else
                    {
                        SetPropagating(parent, output.Target, value);
                    }
                }
            }
            else if (variables is not null)
            {
                if (exec.LoopCounter is not null)
                {
                    // Inner multi-instance results stay local so that parallel instances do not overwrite each other.
                    exec.Variables ??= [];
                    foreach (var (k, v) in variables)
                    {
                        exec.Variables[k] = v?.DeepClone();
                    }
                }
                else
                {
                    SetPropagating(parent, variables);
                }
            }
        }
        catch (FeelParseException ex)
        {
            RaiseIncident(exec, "ExpressionFailed", "Expression does not parse: " + ex.Message);
            return;
        }

        if (parent is { IsMultiInstanceBody: true })
        {
            InnerInstanceCompleted(parent, exec);
            return;
        }

        Leave(exec);
    }

    private void Leave(ExecutionState exec)
    {
        var node = process.Node(exec.ElementId);
        var flows = node.Outgoing.Select(process.Flow).ToList();
        if (node is BpmnActivity or BpmnEvent && flows.Count > 1 && flows.Exists(f => f.Condition is not null))
        {
            var defaultFlow = (node as BpmnActivity)?.DefaultFlow;
            var taken = flows.Where(f => f.Id != defaultFlow && (f.Condition is null || Evaluate(f.Condition, exec) is true)).ToList();
            if (taken.Count == 0 && defaultFlow is not null)
            {
                taken.Add(process.Flow(defaultFlow));
            }

            flows = taken;
        }

        LeaveVia(exec, flows);
    }

    private void LeaveVia(ExecutionState exec, List<SequenceFlow> flows)
    {
        CloseWaitStates(exec);
        History(exec, HistoryEventKind.Left);
        state.Executions.Remove(exec);
        var parent = Parent(exec)!;
        foreach (var flow in flows)
        {
            TakeFlow(flow, parent.Id);
        }

        if (flows.Count == 0)
        {
            Enqueue(() => CheckScopeCompletion(parent));
        }
    }

    private void CheckScopeCompletion(ExecutionState scope)
    {
        if (state.Executions.Contains(scope) && !state.Executions.Exists(e => e.ParentId == scope.Id) && !scope.IsMultiInstanceBody)
        {
            CompleteScope(scope);
        }
    }

    private void CompleteScope(ExecutionState scope)
    {
        if (scope.ParentId is null)
        {
            CloseWaitStates(scope);
            LastRootVariables = scope.Variables;
            History(scope, HistoryEventKind.Left);
            state.Executions.Remove(scope);
            EndInstance(InstanceStatus.Completed, "completed");
            return;
        }

        if (process.Node(scope.ElementId) is BpmnSubProcess { TriggeredByEvent: true })
        {
            CloseWaitStates(scope);
            History(scope, HistoryEventKind.Left);
            state.Executions.Remove(scope);
            var parent = Parent(scope)!;
            Enqueue(() => CheckScopeCompletion(parent));
            return;
        }

        CompleteActivity(scope, null);
    }

    private void EndInstance(InstanceStatus status, string reason)
    {
        var variables = state.Executions.Find(e => e.ParentId is null)?.Variables ?? LastRootVariables ?? [];
        foreach (var e in state.Executions.ToList())
        {
            Terminate(e);
        }

        state.Status = status;
        state.EndedAt = Now;
        if (status == InstanceStatus.Completed)
        {
            _effects.Add(new InstanceCompleted(state.InstanceId, variables, state.ParentInstanceId, state.ParentExecutionId));
        }
        else
        {
            _effects.Add(new InstanceTerminated(state.InstanceId, reason));
        }

        // The root execution is kept so that the final variables remain readable from the state.
        state.Executions.Clear();
        state.Executions.Add(new ExecutionState { Id = ids.NewId("exec"), ElementId = process.ProcessId, Variables = variables, Status = ExecutionStatus.Waiting });
    }

    private JsonObject? LastRootVariables { get; set; }

    /// <summary>Ends an execution and everything below it without continuing.</summary>
    private void Terminate(ExecutionState exec)
    {
        if (!state.Executions.Contains(exec))
        {
            return;
        }

        foreach (var child in Children(exec))
        {
            Terminate(child);
        }

        CloseWaitStates(exec);
        if (exec.ParentId is null)
        {
            LastRootVariables = exec.Variables;
        }
        else if (exec.Status == ExecutionStatus.Waiting && process.FindNode(exec.ElementId) is BpmnActivity { ElementType: "callActivity" })
        {
            _effects.Add(new ChildInstanceCancelRequested(state.InstanceId, exec.Id));
        }

        History(exec, HistoryEventKind.Terminated);
        state.Executions.Remove(exec);
    }

    private void CloseWaitStates(ExecutionState exec)
    {
        foreach (var t in state.UserTasks.FindAll(t => t.ExecutionId == exec.Id))
        {
            state.UserTasks.Remove(t);
            _effects.Add(new UserTaskCancelled(t.Id));
        }

        foreach (var j in state.Jobs.FindAll(j => j.ExecutionId == exec.Id))
        {
            state.Jobs.Remove(j);
            _effects.Add(new JobCancelled(j.Id));
        }

        foreach (var t in state.Timers.FindAll(t => t.ExecutionId == exec.Id))
        {
            state.Timers.Remove(t);
            _effects.Add(new TimerCancelled(t.Id));
        }

        foreach (var s in state.MessageSubscriptions.FindAll(s => s.ExecutionId == exec.Id))
        {
            CloseSubscription(s);
        }

        foreach (var i in state.Incidents.FindAll(i => i.ExecutionId == exec.Id))
        {
            state.Incidents.Remove(i);
            _effects.Add(new IncidentResolved(i.Id));
        }
    }

    private void CloseSubscription(MessageSubscriptionState s)
    {
        if (state.MessageSubscriptions.Remove(s))
        {
            _effects.Add(new MessageSubscriptionClosed(s.Id));
        }
    }

    // ---------------------------------------------------------------- events: timers, messages, errors

    private void ScheduleTimer(ExecutionState owner, BpmnEvent e, string executionId, TriggerKind kind)
    {
        var timer = e.Definition?.Timer;
        var computed = timer is null ? null : ProcessEngine.ComputeTimer(timer, Now, text => Evaluate(text, owner));
        if (computed is null)
        {
            RaiseIncident(owner, "ExpressionFailed", $"Timer of {e.Id} cannot be evaluated: '{timer?.Expression}'.");
            return;
        }

        var state1 = new TimerState
        {
            Id = ids.NewId("timer"),
            ElementId = e.Id,
            ExecutionId = executionId,
            Kind = kind,
            DueAt = computed.Value.Due,
            RemainingRepetitions = computed.Value.Remaining,
            Interval = computed.Value.Interval,
        };
        state.Timers.Add(state1);
        _effects.Add(new TimerScheduled(state1));
    }

    private void Subscribe(ExecutionState owner, string elementId, string? messageRef, TriggerKind kind)
    {
        var keyExpression = process.CorrelationKeyExpression(messageRef);
        var sub = new MessageSubscriptionState
        {
            Id = ids.NewId("subscription"),
            MessageName = process.MessageName(messageRef) ?? elementId,
            CorrelationKey = keyExpression is null ? null : EvaluateText(keyExpression.TrimStart().StartsWith('=') ? keyExpression : "=" + keyExpression, owner),
            ElementId = elementId,
            ExecutionId = owner.Id,
            Kind = kind,
        };
        state.MessageSubscriptions.Add(sub);
        _effects.Add(new MessageSubscriptionOpened(sub));
    }

    private void OpenBoundaryEvents(ExecutionState exec, BpmnActivity activity)
    {
        foreach (var id in activity.BoundaryEvents)
        {
            var boundary = (BpmnEvent)process.Node(id);
            switch (boundary.Definition?.Kind)
            {
                case EventDefinitionKind.Timer:
                    ScheduleTimer(exec, boundary, exec.Id, TriggerKind.Boundary);
                    break;
                case EventDefinitionKind.Message:
                    Subscribe(exec, boundary.Id, boundary.Definition.Ref, TriggerKind.Boundary);
                    break;
            }
        }
    }

    private void OpenEventSubProcessTriggers(ExecutionState scope, IFlowScope flowScope)
    {
        foreach (var sub in flowScope.FlowNodes.OfType<BpmnSubProcess>().Where(s => s.TriggeredByEvent))
        {
            foreach (var start in sub.FlowNodes.OfType<BpmnEvent>().Where(s => s.ElementType == "startEvent"))
            {
                switch (start.Definition?.Kind)
                {
                    case EventDefinitionKind.Timer:
                        ScheduleTimer(scope, start, scope.Id, TriggerKind.EventSubProcessStart);
                        break;
                    case EventDefinitionKind.Message:
                        Subscribe(scope, start.Id, start.Definition.Ref, TriggerKind.EventSubProcessStart);
                        break;
                }
            }
        }
    }

    private bool IsInterrupting(string elementId) => process.Node(elementId) is BpmnEvent { Interrupting: true };

    /// <summary>A timer fired or a message arrived for a subscription.</summary>
    private void Trigger(TriggerKind kind, string elementId, string executionId, JsonObject? variables, TimerState? cycleTimer)
    {
        var owner = state.Executions.Find(e => e.Id == executionId);
        if (owner is null)
        {
            return;
        }

        var target = process.FindNode(elementId);
        switch (kind)
        {
            case TriggerKind.Element:
                CompleteActivity(owner, variables);
                break;
            case TriggerKind.EventGateway:
                {
                    CloseWaitStates(owner);
                    History(owner, HistoryEventKind.Left);
                    state.Executions.Remove(owner);
                    var flow = process.Node(owner.ElementId).Outgoing.Select(process.Flow).First(f => f.TargetRef == elementId);
                    Activate(elementId, owner.ParentId!, flow.Id, triggered: true, variables ?? []);
                    break;
                }

            case TriggerKind.Boundary:
                {
                    var boundary = (BpmnEvent)target!;
                    var parentId = owner.ParentId!;
                    if (boundary.Interrupting)
                    {
                        Terminate(owner);
                    }
                    else
                    {
                        Reschedule(cycleTimer);
                    }

                    Activate(boundary.Id, parentId, null, triggered: true, variables ?? []);
                    break;
                }

            case TriggerKind.EventSubProcessStart:
                if (!((BpmnEvent)target!).Interrupting)
                {
                    Reschedule(cycleTimer);
                }

                StartEventSubProcess(owner, (BpmnEvent)target!, variables);
                break;
        }

    }

    private void Reschedule(TimerState? timer)
    {
        if (timer is { Interval: { } interval } && timer.RemainingRepetitions is null or > 0)
        {
            var next = new TimerState
            {
                Id = ids.NewId("timer"),
                ElementId = timer.ElementId,
                ExecutionId = timer.ExecutionId,
                Kind = timer.Kind,
                DueAt = timer.DueAt + interval,
                RemainingRepetitions = timer.RemainingRepetitions - 1,
                Interval = interval,
            };
            state.Timers.Add(next);
            _effects.Add(new TimerScheduled(next));
        }
    }

    private void StartEventSubProcess(ExecutionState scope, BpmnEvent start, JsonObject? variables)
    {
        var eventSub = (BpmnSubProcess)process.Node(process.ScopeOf(start.Id).Id);
        if (start.Interrupting)
        {
            foreach (var child in Children(scope))
            {
                Terminate(child);
            }

            // An interrupting event subprocess ends the other event subprocess triggers of its scope.
            foreach (var t in state.Timers.FindAll(t => t.ExecutionId == scope.Id))
            {
                state.Timers.Remove(t);
                _effects.Add(new TimerCancelled(t.Id));
            }

            foreach (var s in state.MessageSubscriptions.FindAll(s => s.ExecutionId == scope.Id))
            {
                CloseSubscription(s);
            }
        }

        var exec = NewExecution(eventSub.Id, scope.Id);
        exec.Status = ExecutionStatus.Waiting;
        exec.Variables = [];
        History(exec, HistoryEventKind.Entered);
        Activate(start.Id, exec.Id, null, triggered: true, variables ?? []);
    }

    private bool ErrorMatches(BpmnEvent e, string code)
    {
        if (e.Definition?.Kind != EventDefinitionKind.Error)
        {
            return false;
        }

        var expected = process.ErrorCode(e.Definition.Ref);
        return string.IsNullOrEmpty(expected) || expected == code;
    }

    /// <summary>Throws a BPMN error from an execution: boundary events and error event subprocesses, innermost first.</summary>
    private void ThrowError(ExecutionState thrower, string code, string? message, string? jobId)
    {
        for (var current = thrower; current is not null; current = Parent(current))
        {
            IFlowScope? scope = current.ParentId is null ? process.Process : process.FindNode(current.ElementId) as BpmnSubProcess;
            if (scope is not null && !current.IsMultiInstanceBody && current != thrower)
            {
                var start = scope.FlowNodes.OfType<BpmnSubProcess>().Where(s => s.TriggeredByEvent)
                    .SelectMany(s => s.FlowNodes.OfType<BpmnEvent>().Where(e => e.ElementType == "startEvent"))
                    .FirstOrDefault(e => ErrorMatches(e, code));
                if (start is not null)
                {
                    StartEventSubProcess(current, start, null);
                    return;
                }
            }

            if (current.ParentId is not null && process.FindNode(current.ElementId) is BpmnActivity activity
                && (current.IsMultiInstanceBody || activity.MultiInstance is null))
            {
                var boundary = activity.BoundaryEvents.Select(id => (BpmnEvent)process.Node(id)).FirstOrDefault(b => ErrorMatches(b, code));
                if (boundary is not null)
                {
                    var parentId = current.ParentId;
                    Terminate(current);
                    Activate(boundary.Id, parentId, null, triggered: true, []);
                    return;
                }
            }
        }

        if (!state.Executions.Contains(thrower))
        {
            return;
        }

        var text = $"Unhandled BPMN error '{code}'" + (message is null ? "." : ": " + message);
        if (jobId is not null)
        {
            // Keep the job so that resolving the incident retries it.
            var job = new JobState
            {
                Id = jobId,
                ElementId = thrower.ElementId,
                ExecutionId = thrower.Id,
                Type = process.Node(thrower.ElementId).Execution.TaskType ?? string.Empty,
                Retries = 0,
                Variables = VisibleVariables(thrower),
                ErrorMessage = text,
                CreatedAt = Now,
            };
            state.Jobs.Add(job);
        }

        RaiseIncident(thrower, "UnhandledError", text, jobId);
    }

    private void RaiseIncident(ExecutionState exec, string kind, string message, string? jobId = null)
    {
        exec.Status = ExecutionStatus.Failed;
        var incident = new IncidentState
        {
            Id = ids.NewId("incident"),
            Kind = kind,
            Message = message,
            ElementId = exec.ElementId,
            ExecutionId = exec.Id,
            JobId = jobId,
            CreatedAt = Now,
        };
        state.Incidents.Add(incident);
        _effects.Add(new IncidentRaised(incident));
    }

    // ---------------------------------------------------------------- multi-instance

    private void ActivateMultiInstance(BpmnActivity activity, string parentId)
    {
        var body = NewExecution(activity.Id, parentId);
        body.IsMultiInstanceBody = true;
        body.Status = ExecutionStatus.Waiting;
        History(body, HistoryEventKind.Entered);
        OpenBoundaryEvents(body, activity);
        var mi = activity.MultiInstance!;
        object? collection;
        try
        {
            collection = mi.InputCollection is not null ? Evaluate(mi.InputCollection, body)
                : mi.LoopCardinality is not null && Evaluate(mi.LoopCardinality, body) is decimal n
                    ? Enumerable.Range(1, (int)n).Select(i => (object?)(decimal)i).ToList()
                    : null;
        }
        catch (FeelParseException ex)
        {
            RaiseIncident(body, "ExpressionFailed", "Expression does not parse: " + ex.Message);
            return;
        }

        if (collection is not List<object?> items)
        {
            RaiseIncident(body, "ExpressionFailed", $"The input collection of {activity.Id} ('{mi.InputCollection ?? mi.LoopCardinality}') is not a list.");
            return;
        }

        body.Collection = (JsonArray)FeelValues.ToJson(items)!;
        body.Results = new JsonArray(items.Select(_ => (JsonNode?)null).ToArray());
        if (items.Count == 0)
        {
            FinishMultiInstance(body, activity);
            return;
        }

        var first = mi.IsSequential ? 1 : items.Count;
        for (var i = 0; i < first; i++)
        {
            StartInner(body, activity);
        }
    }

    private void StartInner(ExecutionState body, BpmnActivity activity)
    {
        var index = body.Started++;
        var inner = NewExecution(activity.Id, body.Id);
        inner.LoopCounter = index + 1;
        inner.Variables = new JsonObject { ["loopCounter"] = index + 1 };
        if (activity.MultiInstance!.InputElement is { Length: > 0 } element)
        {
            inner.Variables[element] = body.Collection![index]?.DeepClone();
        }

        if (activity.MultiInstance.OutputElement is not null && activity.MultiInstance.OutputCollection is not null)
        {
            var outputName = activity.MultiInstance.OutputElement;
            if (!inner.Variables.ContainsKey(outputName) && IsSimpleName(outputName))
            {
                inner.Variables[outputName] = null;
            }
        }

        History(inner, HistoryEventKind.Entered);
        ApplyInputs(inner, activity);
        Enqueue(() => Behave(inner, activity, triggered: false, null));
    }

    private static bool IsSimpleName(string text) => text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private void InnerInstanceCompleted(ExecutionState body, ExecutionState inner)
    {
        var activity = (BpmnActivity)process.Node(body.ElementId);
        var mi = activity.MultiInstance!;
        if (mi.OutputElement is not null)
        {
            body.Results![inner.LoopCounter!.Value - 1] = FeelValues.ToJson(Evaluate(mi.OutputElement, inner));
        }

        var done = mi.CompletionCondition is not null && Evaluate(mi.CompletionCondition, inner) is true;
        CloseWaitStates(inner);
        History(inner, HistoryEventKind.Left);
        state.Executions.Remove(inner);
        body.Completed++;
        if (done || body.Completed >= body.Collection!.Count)
        {
            foreach (var child in Children(body))
            {
                Terminate(child);
            }

            FinishMultiInstance(body, activity);
        }
        else if (mi.IsSequential)
        {
            StartInner(body, activity);
        }
    }

    private void FinishMultiInstance(ExecutionState body, BpmnActivity activity)
    {
        if (activity.MultiInstance!.OutputCollection is { Length: > 0 } output)
        {
            SetPropagating(Parent(body), output, body.Results?.DeepClone());
        }

        Leave(body);
    }
}
