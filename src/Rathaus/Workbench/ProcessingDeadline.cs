using Rathaus.Forms;

namespace Rathaus.Workbench;

/// <summary>Where a case stands against its processing deadline.</summary>
public enum DeadlineState
{
    /// <summary>More than <see cref="ProcessingDeadline.WarningDays"/> days left.</summary>
    OnTime,

    /// <summary>Due within <see cref="ProcessingDeadline.WarningDays"/> days (today included).</summary>
    DueSoon,

    /// <summary>The day has passed.</summary>
    Overdue,
}

/// <summary>
/// The statutory or usual processing deadline (Bearbeitungsfrist) of a case: <c>processingDays</c> of its service
/// package, counted in calendar days from the day (in Germany) the application arrived. The case is due by the end
/// of that day.
/// </summary>
public sealed record ProcessingDeadline(DateOnly Due, int ProcessingDays, DateOnly Today)
{
    /// <summary>Warn this many days ahead.</summary>
    public const int WarningDays = 3;

    /// <summary>Calendar days left; negative when overdue.</summary>
    public int DaysLeft => Due.DayNumber - Today.DayNumber;

    public DeadlineState State => DaysLeft < 0 ? DeadlineState.Overdue : DaysLeft <= WarningDays ? DeadlineState.DueSoon : DeadlineState.OnTime;

    /// <summary>The deadline of a case, or null when its service names no processing time.</summary>
    public static ProcessingDeadline? Of(DateTimeOffset submittedAt, int? processingDays, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (processingDays is not { } days)
        {
            return null;
        }
        var arrived = DateOnly.FromDateTime(FormClock.InGermany(submittedAt).DateTime);
        return new ProcessingDeadline(arrived.AddDays(days), days, FormClock.Today(time));
    }

    /// <summary>A due date as the inbox computes it in SQL, with today's date.</summary>
    public static ProcessingDeadline? Of(DateOnly? due, int? processingDays, TimeProvider time) =>
        due is { } d && processingDays is { } days ? new ProcessingDeadline(d, days, FormClock.Today(time)) : null;
}
