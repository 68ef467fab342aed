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
    public EngineResult Apply(DeployedProcess process, ProcessInstanceState state, EngineCommand command) =>
        Apply(process, state, command, copyState: true);

    /// <summary>
    /// Applies a command. With <paramref name="copyState"/> false the given state object is changed in place and
    /// returned as the new state: for a runtime that has just read the state from storage and throws it away on
    /// failure, which saves a JSON round trip per command.
    /// </summary>
    public EngineResult Apply(DeployedProcess process, ProcessInstanceState state, EngineCommand command, bool copyState)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (state.Status != InstanceStatus.Active)
        {
            throw new ProcessEngineException($"Process instance {state.InstanceId} has ended ({state.Status}).");
        }

        var run = new EngineRun(process, copyState ? state.Clone() : state, ids, time);
        run.Apply(command);
        return run.Finish();
    }

    /// <summary>
    /// When a timer start event is first due after deployment at <paramref name="now"/>: a date, now + a duration, or
    /// the first occurrence of a cycle (its start date when the cycle names one). A FEEL expression is evaluated
    /// without variables. Null when the definition cannot be evaluated.
    /// </summary>
    public static TimerSchedule? ScheduleStartTimer(DeployedProcess process, BpmnEvent startEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(startEvent);
        if (startEvent.Definition?.Timer is not { } timer)
        {
            return null;
        }

        try
        {
            return ComputeTimer(timer, now, text => process.Expression(text).EvaluateRaw(new JsonFeelContext(null)))
                is { } t ? new TimerSchedule(t.Due, t.Remaining, t.Interval) : null;
        }
        catch (Exception e) when (e is FeelParseException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// The occurrence of a cycle after the one that fired, skipping occurrences that passed
    /// before <paramref name="now"/> (a cycle does not make up for time the runtime was down); null when the cycle ends.
    /// </summary>
    public static TimerSchedule? NextOccurrence(TimerSchedule fired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (fired.Interval is not { } interval || interval <= TimeSpan.Zero)
        {
            return null;
        }

        var due = fired.DueAt;
        var remaining = fired.RemainingRepetitions;
        do
        {
            if (remaining is <= 0)
            {
                return null;
            }

            due += interval;
            remaining -= 1;
        }
        while (due <= now);
        return new TimerSchedule(due, remaining, interval);
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

                // R/2025-01-06T08:00:00Z/P1D starts at the given date; R/P1D one interval from now.
                var start = parts.Length == 3 && FeelValues.ParseDateTime(parts[1]) is { } first
                    ? first switch { DateTimeOffset d => d, DateTime d => new DateTimeOffset(d, TimeSpan.Zero), _ => now + interval }
                    : now + interval;
                return (start, repetitions - 1, interval);
        }
    }

    private static DateTimeOffset? Add(DateTimeOffset now, object? duration) => duration switch
    {
        TimeSpan t => now + t,
        YearsMonths m => now.AddMonths(m.Months),
        _ => null,
    };
}

/// <summary>When a timer is due; for a cycle also how many repetitions follow and at which interval.</summary>
/// <param name="DueAt">The due time.</param>
/// <param name="RemainingRepetitions">For cycles: repetitions still to come after this one (null: unbounded; 0 for a single timer).</param>
/// <param name="Interval">For cycles: the interval; null for a date or a duration.</param>
public sealed record TimerSchedule(DateTimeOffset DueAt, int? RemainingRepetitions, TimeSpan? Interval);
