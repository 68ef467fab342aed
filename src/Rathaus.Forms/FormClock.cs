namespace Rathaus.Forms;

/// <summary>"today" of a date limit is the calendar day in Germany, not on the server's clock.</summary>
internal static class FormClock
{
    private static readonly TimeZoneInfo Germany = FindGermany();

    public static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Germany).DateTime);

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
