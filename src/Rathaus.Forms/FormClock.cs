namespace Rathaus.Forms;

/// <summary>German time: "today" of a date limit is the calendar day in Germany, not on the server's clock.</summary>
public static class FormClock
{
    private static readonly TimeZoneInfo Germany = FindGermany();

    /// <summary>Today's date in Germany.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(InGermany(time.GetUtcNow()).DateTime);
    }

    /// <summary>An instant as a clock in Germany shows it (what receipts and notices state).</summary>
    public static DateTimeOffset InGermany(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Germany);

    private static TimeZoneInfo FindGermany()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
