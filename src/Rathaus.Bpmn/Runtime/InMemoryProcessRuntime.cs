using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Validation;

namespace Rathaus.Bpmn.Runtime;

/// <summary>
/// Runs processes in memory: deployments with versions, instance states in an <see cref="IProcessStateStore"/>,
/// job handlers by task type, timers fired on request, messages, call activities. For tests, benchmarks and simulation.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class InMemoryProcessRuntime
{
    private readonly Dictionary<string, List<DeployedProcess>> _deployments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IJobHandler> _handlers = new(StringComparer.Ordinal);
    private readonly List<HistoryEvent> _history = [];
    private readonly List<StartTimer> _startTimers = [];
    private readonly Queue<(string InstanceId, string JobId)> _pendingJobs = new();
    private readonly ProcessEngine _engine;
    private readonly TimeProvider _time;

    private sealed record StartTimer(DeployedProcess Process, string StartEventId, DateTimeOffset DueAt, int? Remaining, TimeSpan? Interval);

    /// <summary>Creates a runtime.</summary>
    public InMemoryProcessRuntime(TimeProvider? time = null, IIdGenerator? ids = null, IProcessStateStore? store = null)
    {
        _time = time ?? TimeProvider.System;
        _engine = new ProcessEngine(ids ?? new SequentialIdGenerator(), _time);
        Store = store ?? new InMemoryProcessStateStore();
    }

    /// <summary>The state store.</summary>
    public IProcessStateStore Store { get; }

    /// <summary>All history events so far, in order.</summary>
    public IReadOnlyList<HistoryEvent> History => _history;

    /// <summary>Deploys every executable process of a BPMN file (or the only process); returns the new versions.</summary>
    public IReadOnlyList<DeployedProcess> Deploy(string bpmnXml) => Deploy(BpmnParser.Parse(bpmnXml));

    /// <summary>Deploys every executable process of a parsed model (or its only process).</summary>
    public IReadOnlyList<DeployedProcess> Deploy(BpmnDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var targets = definitions.Processes.Where(p => p.IsExecutable || definitions.Processes.Count == 1).ToList();
        var errors = targets.SelectMany(p => ProcessDeployer.Validate(definitions, p.Id)).Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (targets.Count == 0 || errors.Count > 0)
        {
            throw new ProcessDeploymentException(errors.Count > 0 ? errors : [new BpmnProblem(ProblemSeverity.Error, "no executable process")]);
        }

        var deployed = new List<DeployedProcess>();
        foreach (var p in targets)
        {
            if (!_deployments.TryGetValue(p.Id, out var versions))
            {
                versions = [];
                _deployments[p.Id] = versions;
            }

            var process = ProcessDeployer.Deploy(definitions, p.Id, versions.Count + 1);
            versions.Add(process);
            deployed.Add(process);

            // A new version replaces the timer start events of the previous one.
            _startTimers.RemoveAll(t => t.Process.ProcessId == p.Id);
            foreach (var start in process.TimerStartEvents)
            {
                if (ProcessEngine.ScheduleStartTimer(process, start, _time.GetUtcNow()) is { } due)
                {
                    _startTimers.Add(new StartTimer(process, start.Id, due.DueAt, due.RemainingRepetitions, due.Interval));
                }
            }
        }

        return deployed;
    }

    /// <summary>Registers the handler for a task type.</summary>
    public void RegisterJobHandler(string taskType, IJobHandler handler) => _handlers[taskType] = handler;

    /// <summary>Registers a delegate as the handler for a task type.</summary>
    public void RegisterJobHandler(string taskType, Func<JobContext, JsonObject?> handler) => _handlers[taskType] = new DelegateJobHandler(handler);

    /// <summary>The deployed process: a fixed version, or the latest.</summary>
    public DeployedProcess GetProcess(string processId, int? version = null)
    {
        if (!_deployments.TryGetValue(processId, out var versions) || versions.Count == 0)
        {
            throw new ProcessEngineException($"Process {processId} is not deployed.");
        }

        return version is null ? versions[^1]
            : versions.Find(v => v.Version == version) ?? throw new ProcessEngineException($"Process {processId} has no version {version}.");
    }

    /// <summary>Starts an instance at its none start event (or the given start event) and runs until it waits.</summary>
    public ProcessInstanceState StartInstance(string processId, JsonObject? variables = null, int? version = null, string? startEventId = null)
    {
        var process = GetProcess(processId, version);
        var id = Start(process, new StartInstance { Variables = variables, StartEventId = startEventId });
        RunJobs();
        return GetInstance(id);
    }

    /// <summary>The current state of an instance.</summary>
    public ProcessInstanceState GetInstance(string instanceId) =>
        Store.Load(instanceId) ?? throw new ProcessEngineException($"Process instance {instanceId} does not exist.");

    /// <summary>Open user tasks, of one instance or of all.</summary>
    public IReadOnlyList<UserTaskState> OpenUserTasks(string? instanceId = null) =>
        (instanceId is null ? Store.All() : [GetInstance(instanceId)]).SelectMany(s => s.UserTasks).ToList();

    /// <summary>Open jobs (those without a handler, or failed ones), of one instance or of all.</summary>
    public IReadOnlyList<JobState> OpenJobs(string? instanceId = null) =>
        (instanceId is null ? Store.All() : [GetInstance(instanceId)]).SelectMany(s => s.Jobs).ToList();

    /// <summary>Completes a user task and runs until every instance waits again.</summary>
    public void CompleteUserTask(string taskId, JsonObject? variables = null)
    {
        var state = Store.All().FirstOrDefault(s => s.UserTasks.Exists(t => t.Id == taskId))
            ?? throw new ProcessEngineException($"User task {taskId} is not open.");
        Execute(state.InstanceId, new CompleteUserTask(taskId, variables));
        RunJobs();
    }

    /// <summary>Assigns an open user task to a person, or releases it with a null assignee.</summary>
    public void AssignUserTask(string taskId, string? assignee)
    {
        var state = Store.All().FirstOrDefault(s => s.UserTasks.Exists(t => t.Id == taskId))
            ?? throw new ProcessEngineException($"User task {taskId} is not open.");
        Execute(state.InstanceId, new AssignUserTask(taskId, assignee));
    }

    /// <summary>Completes an open job from outside (for jobs without a registered handler).</summary>
    public void CompleteJob(string jobId, JsonObject? variables = null)
    {
        var state = Store.All().FirstOrDefault(s => s.Jobs.Exists(j => j.Id == jobId)) ?? throw new ProcessEngineException($"Job {jobId} is not open.");
        Execute(state.InstanceId, new CompleteJob(jobId, variables));
        RunJobs();
    }

    /// <summary>Correlates a message to the first waiting subscription, or starts an instance at a message start event; returns the instance id or null.</summary>
    public string? PublishMessage(string messageName, string? correlationKey = null, JsonObject? variables = null)
    {
        var waiting = Store.All().Where(s => s.Status == InstanceStatus.Active)
            .FirstOrDefault(s => s.MessageSubscriptions.Exists(m => m.MessageName == messageName && m.CorrelationKey == correlationKey));
        string? instanceId = null;
        if (waiting is not null)
        {
            Execute(waiting.InstanceId, new CorrelateMessage(messageName, correlationKey, variables));
            instanceId = waiting.InstanceId;
        }
        else
        {
            var start = _deployments.Values.Select(v => v[^1])
                .SelectMany(p => p.MessageStartEvents.Select(m => (Process: p, m.StartEvent, m.MessageName)))
                .FirstOrDefault(m => m.MessageName == messageName);
            if (start.Process is not null)
            {
                instanceId = Start(start.Process, new StartInstance { Variables = variables, StartEventId = start.StartEvent.Id });
            }
        }

        RunJobs();
        return instanceId;
    }

    /// <summary>Fires every timer due at the clock's current time.</summary>
    public int RunDueTimers() => AdvanceTo(_time.GetUtcNow());

    /// <summary>Fires, in order of due time, every timer (including timer start events) due at or before <paramref name="until"/>; returns how many fired.</summary>
    public int AdvanceTo(DateTimeOffset until)
    {
        var fired = 0;
        while (true)
        {
            var next = Store.All().Where(s => s.Status == InstanceStatus.Active)
                .SelectMany(s => s.Timers.Select(t => (s.InstanceId, Timer: t)))
                .Where(x => x.Timer.DueAt <= until)
                .OrderBy(x => x.Timer.DueAt).FirstOrDefault();
            var startTimer = _startTimers.Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).FirstOrDefault();
            if (next.Timer is null && startTimer is null)
            {
                return fired;
            }

            fired++;
            if (startTimer is not null && (next.Timer is null || startTimer.DueAt <= next.Timer.DueAt))
            {
                _startTimers.Remove(startTimer);
                if (startTimer.Interval is { } interval && startTimer.Remaining is null or > 0)
                {
                    _startTimers.Add(startTimer with { DueAt = startTimer.DueAt + interval, Remaining = startTimer.Remaining - 1 });
                }

                Start(startTimer.Process, new StartInstance { StartEventId = startTimer.StartEventId });
            }
            else
            {
                Execute(next.InstanceId, new FireTimer(next.Timer!.Id));
            }

            RunJobs();
        }
    }

    /// <summary>Resolves an incident (retrying the step) and runs on.</summary>
    public void ResolveIncident(string instanceId, string incidentId, int retries = 1)
    {
        Execute(instanceId, new ResolveIncident(incidentId, retries));
        RunJobs();
    }

    /// <summary>Sets variables on an instance (process level, or an execution's scope).</summary>
    public void SetVariables(string instanceId, JsonObject variables, string? executionId = null) =>
        Execute(instanceId, new SetVariables(variables, executionId));

    /// <summary>Cancels an instance.</summary>
    public void Cancel(string instanceId) => Execute(instanceId, new CancelInstance());

    /// <summary>Runs queued jobs that have a handler until no more can run.</summary>
    public void RunJobs()
    {
        while (_pendingJobs.TryDequeue(out var pending))
        {
            var state = Store.Load(pending.InstanceId);
            var job = state?.Jobs.Find(j => j.Id == pending.JobId);
            if (state is null || job is null || job.Retries <= 0 || !_handlers.TryGetValue(job.Type, out var handler))
            {
                continue;
            }

            EngineCommand command;
            try
            {
                command = new CompleteJob(job.Id, handler.Handle(new JobContext(job, state.InstanceId)));
            }
            catch (BpmnErrorException ex)
            {
                command = new ThrowJobError(job.Id, ex.ErrorCode, ex.Message, ex.Variables);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                command = new FailJob(job.Id, job.Retries - 1, ex.Message);
            }

            Execute(state.InstanceId, command);
            if (command is FailJob { RemainingRetries: > 0 })
            {
                _pendingJobs.Enqueue(pending);
            }
        }
    }

    private string Start(DeployedProcess process, StartInstance start)
    {
        var result = _engine.Start(process, start);
        Save(result.State, 0);
        Carry(result);
        return result.State.InstanceId;
    }

    private void Execute(string instanceId, EngineCommand command)
    {
        var state = GetInstance(instanceId);
        var process = GetProcess(state.ProcessId, state.ProcessVersion);
        var result = _engine.Apply(process, state, command);
        Save(result.State, state.Revision);
        Carry(result);
    }

    private void Save(ProcessInstanceState state, long expected)
    {
        if (!Store.TrySave(state, expected))
        {
            throw new ProcessEngineException($"Process instance {state.InstanceId} was changed concurrently (expected revision {expected}).");
        }
    }

    /// <summary>Carries out the effects the engine asked for.</summary>
    private void Carry(EngineResult result)
    {
        foreach (var effect in result.Effects)
        {
            switch (effect)
            {
                case HistoryEvent h:
                    _history.Add(h);
                    break;
                case JobCreated j:
                    _pendingJobs.Enqueue((result.State.InstanceId, j.Job.Id));
                    break;
                case ChildInstanceRequested c:
                    Start(GetProcess(c.ProcessId, c.Version), new StartInstance
                    {
                        Variables = c.Variables,
                        ParentInstanceId = c.ParentInstanceId,
                        ParentExecutionId = c.ParentExecutionId,
                    });
                    break;
                case ChildInstanceCancelRequested c:
                    foreach (var child in Store.All().Where(i => i.ParentExecutionId == c.ParentExecutionId && i.Status == InstanceStatus.Active))
                    {
                        Execute(child.InstanceId, new CancelInstance());
                    }

                    break;
                case InstanceCompleted { ParentInstanceId: { } parent, ParentExecutionId: { } execution } done:
                    Execute(parent, new CompleteCallActivity(execution, done.Variables));
                    break;
            }
        }
    }
}
