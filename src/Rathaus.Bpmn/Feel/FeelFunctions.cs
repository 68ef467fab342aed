using System.Globalization;

namespace Rathaus.Bpmn.Feel;

/// <summary>The built-in functions of the supported FEEL subset.</summary>
internal static class FeelFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "not", "string length", "substring", "upper case", "lower case", "contains", "starts with", "ends with",
        "string", "number", "abs", "floor", "ceiling", "count", "sum", "min", "max", "mean", "list contains",
        "date", "date and time", "duration", "years and months duration", "now", "today", "is defined",
    };

    public static bool Exists(string name) => Names.Contains(name);

    public static object? Invoke(string name, object?[] args, FeelScope scope)
    {
        var a0 = args.Length > 0 ? args[0] : null;
        var a1 = args.Length > 1 ? args[1] : null;
        return name switch
        {
            "not" => a0 is bool b ? !b : null,
            "string length" => a0 is string s ? (decimal)s.Length : null,
            "substring" => Substring(a0, a1, args.Length > 2 ? args[2] : null, args.Length > 2),
            "upper case" => a0 is string s ? s.ToUpperInvariant() : null,
            "lower case" => a0 is string s ? s.ToLowerInvariant() : null,
            "contains" => a0 is string s && a1 is string m ? s.Contains(m, StringComparison.Ordinal) : null,
            "starts with" => a0 is string s && a1 is string m ? s.StartsWith(m, StringComparison.Ordinal) : null,
            "ends with" => a0 is string s && a1 is string m ? s.EndsWith(m, StringComparison.Ordinal) : null,
            "string" => a0 is null ? null : FeelValues.ToText(a0),
            "number" => a0 is string s && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null,
            "abs" => a0 is decimal d ? Math.Abs(d) : null,
            "floor" => a0 is decimal d ? Math.Floor(d) : null,
            "ceiling" => a0 is decimal d ? Math.Ceiling(d) : null,
            "count" => a0 is List<object?> l ? (decimal)l.Count : null,
            "sum" => Numbers(args) is { Count: > 0 } l ? l.Sum() : null,
            "mean" => Numbers(args) is { Count: > 0 } l ? l.Sum() / l.Count : null,
            "min" => Extreme(args, -1),
            "max" => Extreme(args, 1),
            "list contains" => a0 is List<object?> l ? l.Exists(x => FeelOperations.Equal(x, a1) is true) : null,
            "date" => Date(args),
            "date and time" => a0 is string s ? FeelValues.ParseDateTime(s) : a0 is DateOnly d && a1 is null ? d.ToDateTime(TimeOnly.MinValue) : null,
            "duration" => a0 is string s ? FeelValues.ParseDuration(s) : null,
            "years and months duration" => a0 is DateOnly from && a1 is DateOnly to ? new YearsMonths(MonthsBetween(from, to)) : null,
            "now" => scope.Time.GetUtcNow(),
            "today" => DateOnly.FromDateTime(scope.Time.GetUtcNow().UtcDateTime),
            "is defined" => a0 is not null,
            _ => null,
        };
    }

    private static string? Substring(object? value, object? start, object? length, bool hasLength)
    {
        if (value is not string s || start is not decimal st)
        {
            return null;
        }

        var begin = (int)st;
        var index = begin > 0 ? begin - 1 : s.Length + begin;
        if (index < 0 || index > s.Length || begin == 0)
        {
            return null;
        }

        if (!hasLength)
        {
            return s[index..];
        }

        if (length is not decimal len || len < 0)
        {
            return null;
        }

        return s.Substring(index, Math.Min((int)len, s.Length - index));
    }

    private static List<decimal>? Numbers(object?[] args)
    {
        var items = args.Length == 1 && args[0] is List<object?> l ? l : args.ToList();
        var result = new List<decimal>(items.Count);
        foreach (var i in items)
        {
            if (i is not decimal d)
            {
                return null;
            }

            result.Add(d);
        }

        return result;
    }

    private static object? Extreme(object?[] args, int sign)
    {
        var items = args.Length == 1 && args[0] is List<object?> l ? l : args.ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            if (FeelOperations.Compare(item, best) is not int c)
            {
                return null;
            }

            if (c * sign > 0)
            {
                best = item;
            }
        }

        return best;
    }

    private static object? Date(object?[] args)
    {
        if (args.Length == 3 && args[0] is decimal y && args[1] is decimal m && args[2] is decimal d)
        {
            try
            {
                return new DateOnly((int)y, (int)m, (int)d);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        return args.Length == 1
            ? args[0] switch
            {
                string s => FeelValues.ParseDate(s),
                DateTime dt => DateOnly.FromDateTime(dt),
                DateTimeOffset dto => DateOnly.FromDateTime(dto.DateTime),
                DateOnly date => date,
                _ => null,
            }
            : null;
    }

    private static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (months > 0 && to.Day < from.Day)
        {
            months--;
        }
        else if (months < 0 && to.Day > from.Day)
        {
            months++;
        }

        return months;
    }
}
