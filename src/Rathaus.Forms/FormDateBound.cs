using System.Globalization;

namespace Rathaus.Forms;

/// <summary>
/// The lower or upper limit of a date field: a fixed date (<c>2026-01-01</c>) or one relative to today
/// (<c>today</c>, <c>today+P30D</c>, <c>today-P20Y</c>).
/// </summary>
public sealed class FormDateBound
{
    private readonly DateOnly? _fixed;
    private readonly int _years;
    private readonly int _months;
    private readonly int _days;

    private FormDateBound(string text, DateOnly? fixedDate, int years, int months, int days)
    {
        Text = text;
        _fixed = fixedDate;
        _years = years;
        _months = months;
        _days = days;
    }

    /// <summary>The limit as written in the definition.</summary>
    public string Text { get; }

    /// <summary>True when the limit depends on today's date.</summary>
    public bool IsRelative => _fixed is null;

    /// <summary>The date the limit stands for on a given day.</summary>
    public DateOnly Resolve(DateOnly today) =>
        _fixed ?? today.AddYears(_years).AddMonths(_months).AddDays(_days);

    /// <summary>Reads a limit; null when the text is not one.</summary>
    public static FormDateBound? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new FormDateBound(text, date, 0, 0, 0);
        }

        if (!text.StartsWith("today", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text.AsSpan(5);
        if (rest.IsEmpty)
        {
            return new FormDateBound(text, null, 0, 0, 0);
        }

        var sign = rest[0] switch { '+' => 1, '-' => -1, _ => 0 };
        if (sign == 0 || rest.Length < 3 || rest[1] != 'P')
        {
            return null;
        }

        // A period of whole years, months, weeks and days: P20Y, P1Y6M, P2W, P30D.
        int years = 0, months = 0, days = 0;
        var i = 2;
        var lastUnit = -1;
        while (i < rest.Length)
        {
            var start = i;
            while (i < rest.Length && char.IsAsciiDigit(rest[i]))
            {
                i++;
            }

            if (i == start || i >= rest.Length || i - start > 5)
            {
                return null;
            }

            var n = int.Parse(rest[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
            var unit = "YMWD".IndexOf(rest[i], StringComparison.Ordinal);
            if (unit <= lastUnit)
            {
                return null;
            }

            lastUnit = unit;
            switch (unit)
            {
                case 0: years = n; break;
                case 1: months = n; break;
                case 2: days += n * 7; break;
                default: days += n; break;
            }

            i++;
        }

        return new FormDateBound(text, null, sign * years, sign * months, sign * days);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
