namespace Rathaus.Bpmn.Feel;

/// <summary>FEEL equality, ordering, membership and arithmetic with FEEL's null semantics.</summary>
internal static class FeelOperations
{
    /// <summary>FEEL '=': null = null is true, null against a value is false, values of different types give null.</summary>
    public static object? Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a, b)
        {
            case (decimal x, decimal y): return x == y;
            case (string x, string y): return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y): return x == y;
            case (List<object?> x, List<object?> y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    var e = Equal(x[i], y[i]);
                    if (e is not true)
                    {
                        return e;
                    }
                }

                return true;
            case (Dictionary<string, object?> x, Dictionary<string, object?> y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var (k, v) in x)
                {
                    if (!y.TryGetValue(k, out var w))
                    {
                        return false;
                    }

                    var e = Equal(v, w);
                    if (e is not true)
                    {
                        return e;
                    }
                }

                return true;
        }

        return Compare(a, b) is int c ? c == 0 : null;
    }

    /// <summary>Orders two values of the same comparable type; null when they are not comparable.</summary>
    public static int? Compare(object? a, object? b) => (a, b) switch
    {
        (decimal x, decimal y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y) switch
        {
            < 0 => -1,
            > 0 => 1,
            _ => 0,
        },
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (DateTime x, DateTime y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (DateTime x, DateTimeOffset y) => new DateTimeOffset(x, y.Offset).CompareTo(y),
        (DateTimeOffset x, DateTime y) => x.CompareTo(new DateTimeOffset(y, x.Offset)),
        (TimeSpan x, TimeSpan y) => x.CompareTo(y),
        (YearsMonths x, YearsMonths y) => x.Months.CompareTo(y.Months),
        _ => null,
    };

    /// <summary>FEEL 'in': a range, a list (any element equal or any range containing), or a single value.</summary>
    public static object? In(object? value, object? tests)
    {
        switch (tests)
        {
            case FeelRange range:
                return InRange(value, range);
            case List<object?> list:
                var sawNull = false;
                foreach (var t in list)
                {
                    var r = t is FeelRange tr ? InRange(value, tr) : Equal(value, t);
                    if (r is true)
                    {
                        return true;
                    }

                    sawNull |= r is null;
                }

                return sawNull ? null : false;
            default:
                return Equal(value, tests);
        }
    }

    private static object? InRange(object? value, FeelRange range)
    {
        var lo = Compare(value, range.Start);
        var hi = Compare(value, range.End);
        if (lo is null || hi is null)
        {
            return null;
        }

        return (range.StartIncluded ? lo >= 0 : lo > 0) && (range.EndIncluded ? hi <= 0 : hi < 0);
    }

    public static object? Arithmetic(string op, object? a, object? b)
    {
        try
        {
            return Compute(op, a, b);
        }
        catch (OverflowException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static object? Compute(string op, object? a, object? b) => (op, a, b) switch
    {
        ("+", decimal x, decimal y) => x + y,
        ("-", decimal x, decimal y) => x - y,
        ("*", decimal x, decimal y) => x * y,
        ("/", decimal x, decimal y) => y == 0 ? null : x / y,
        ("**", decimal x, decimal y) => Power(x, y),
        ("+", string x, string y) => x + y,

        ("+", DateOnly d, TimeSpan t) => d.AddDays((int)t.TotalDays),
        ("-", DateOnly d, TimeSpan t) => d.AddDays(-(int)t.TotalDays),
        ("+", TimeSpan t, DateOnly d) => d.AddDays((int)t.TotalDays),
        ("+", DateOnly d, YearsMonths m) => d.AddMonths(m.Months),
        ("-", DateOnly d, YearsMonths m) => d.AddMonths(-m.Months),
        ("+", YearsMonths m, DateOnly d) => d.AddMonths(m.Months),
        ("-", DateOnly x, DateOnly y) => TimeSpan.FromDays(x.DayNumber - y.DayNumber),

        ("+", DateTime d, TimeSpan t) => d + t,
        ("-", DateTime d, TimeSpan t) => d - t,
        ("+", TimeSpan t, DateTime d) => d + t,
        ("+", DateTime d, YearsMonths m) => d.AddMonths(m.Months),
        ("-", DateTime d, YearsMonths m) => d.AddMonths(-m.Months),
        ("-", DateTime x, DateTime y) => x - y,
        ("+", DateTimeOffset d, TimeSpan t) => d + t,
        ("-", DateTimeOffset d, TimeSpan t) => d - t,
        ("+", TimeSpan t, DateTimeOffset d) => d + t,
        ("+", DateTimeOffset d, YearsMonths m) => d.AddMonths(m.Months),
        ("-", DateTimeOffset d, YearsMonths m) => d.AddMonths(-m.Months),
        ("-", DateTimeOffset x, DateTimeOffset y) => x - y,

        ("+", TimeSpan x, TimeSpan y) => x + y,
        ("-", TimeSpan x, TimeSpan y) => x - y,
        ("*", TimeSpan x, decimal n) => TimeSpan.FromTicks((long)(x.Ticks * n)),
        ("*", decimal n, TimeSpan x) => TimeSpan.FromTicks((long)(x.Ticks * n)),
        ("/", TimeSpan x, decimal n) => n == 0 ? null : TimeSpan.FromTicks((long)(x.Ticks / n)),
        ("+", YearsMonths x, YearsMonths y) => new YearsMonths(x.Months + y.Months),
        ("-", YearsMonths x, YearsMonths y) => new YearsMonths(x.Months - y.Months),
        ("*", YearsMonths x, decimal n) => new YearsMonths((int)(x.Months * n)),
        _ => null,
    };

    private static object? Power(decimal x, decimal y)
    {
        if (y == decimal.Truncate(y) && y >= 0 && y <= 64)
        {
            var result = 1m;
            for (var i = 0; i < (int)y; i++)
            {
                result *= x;
            }

            return result;
        }

        var d = Math.Pow((double)x, (double)y);
        return double.IsFinite(d) ? (decimal)d : null;
    }
}
