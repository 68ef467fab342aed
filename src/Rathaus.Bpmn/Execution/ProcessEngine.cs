using System.Globalization;
using System.Text.Json.Nodes;
using Rathaus.Bpmn.Feel;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Execution;

/// <summary>
/// The BPMN execution semantics as a pure function: (process, state, command) → (new state, effects).
/// Knows no storage; ids come from <see cref="IIdGenerator"/>, time from <see cref="TimeProvider"/>.
/// </summary>
/// <param name="ids">Id source.</param>
/// <param name="time">Clock.</param>
public sealed class ProcessEngine(IIdGenerator ids, TimeProvider time)
{
    /// <summary>Default job retries when the model gives none.</summary>
    public const int DefaultRetries = 3;

    /// <summary>Starts a new instance.</summary>
    public EngineResult Start(DeployedProcess process, StartInstance start)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(start);
        var state = new ProcessInstanceState
        {
            InstanceId = ids.NewId("instance"),
            ProcessId = process.ProcessId,
            ProcessVersion = process.Version,
            Status = InstanceStatus.Active,
            ParentInstanceId = start.ParentInstanceId,
            ParentExecutionId = start.ParentExecutionId,
            StartedAt = time.GetUtcNow(),
        };
        var run = new EngineRun(process, state, ids, time);
        run.Start(start);
        return run.Finish();
    }

    /// <summary>Applies a command to a copy of the state.</summary>
    public EngineResult Apply(DeployedProcess process, ProcessInstanceState state, EngineCommand command)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (state.Status != InstanceStatus.Active)
        {
            throw new ProcessEngineException($"Process instance {state.InstanceId} has ended ({state.Status}).");
        }

        var run = new EngineRun(process, state.Clone(), ids, time);
        run.Apply(command);
        return run.Finish();
    }

    /// <summary>Computes when a timer definition is first due, relative to now (null when it cannot be evaluated).</summary>
    internal static (DateTimeOffset Due, int? Remaining, TimeSpan? Interval)? ComputeTimer(TimerDefinition timer, DateTimeOffset now, Func<string, object?> evaluate)
    {
        var text = timer.Expression.Trim();
        object? value = text.StartsWith('=') ? evaluate(text[1..]) : text;
        switch (timer.Kind)
        {
            case TimerKind.Duration:
                return (Add(now, value is string s ? FeelValues.ParseDuration(s) : value) is { } due ? (due, 0, null) : null);
            case TimerKind.Date:
                var date = value is string ds ? FeelValues.ParseDateTime(ds) : value;
                return date switch
                {
                    DateTimeOffset dto => (dto, 0, null),
                    DateTime dt => (new DateTimeOffset(dt, TimeSpan.Zero), 0, null),
                    _ => null,
                };
            default:
                if (value is not string cycle)
                {
                    return null;
                }

                var parts = cycle.Split('/');
                if (parts.Length < 2 || !parts[0].StartsWith('R'))
                {
                    return null;
                }

                int? repetitions = parts[0].Length == 1 ? null
                    : int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : -1;
                if (repetitions is < 1 || FeelValues.ParseDuration(parts[^1]) is not TimeSpan interval || interval <= TimeSpan.Zero)
                {
                    return null;
                }

                return (now + interval, repetitions - 1, interval);
        }
    }

    private static DateTimeOffset? Add(DateTimeOffset now, object? duration) => duration switch
    {
        TimeSpan t => now + t,
        YearsMonths m => now.AddMonths(m.Months),
        _ => null,
    };
}
