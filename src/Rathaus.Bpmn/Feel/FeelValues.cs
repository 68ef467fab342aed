using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Rathaus.Bpmn.Feel;

/// <summary>A FEEL years-and-months duration, counted in months.</summary>
/// <param name="Months">Total months (may be negative).</param>
internal readonly record struct YearsMonths(int Months);

/// <summary>A FEEL range such as [1..10] or (1..10].</summary>
internal sealed record FeelRange(object? Start, bool StartIncluded, object? End, bool EndIncluded);

/// <summary>Conversions between FEEL values and JSON, and the FEEL text forms of temporal values.</summary>
/// <remarks>
/// Internal values: null, decimal, string, bool, DateOnly, DateTime (local), DateTimeOffset (zoned), TimeSpan
/// (days-time duration), YearsMonths, List&lt;object?&gt;, Dictionary&lt;string, object?&gt; (context), FeelRange.
/// </remarks>
internal static class FeelValues
{
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var ctx = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (k, v) in obj)
                {
                    ctx[k] = FromJson(v);
                }

                return ctx;
            case JsonArray arr:
                var list = new List<object?>(arr.Count);
                foreach (var item in arr)
                {
                    list.Add(FromJson(item));
                }

                return list;
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.Number => ParseNumber(value),
                    System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
                    System.Text.Json.JsonValueKind.True => true,
                    System.Text.Json.JsonValueKind.False => false,
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static decimal? ParseNumber(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        return decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null;
    }

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        decimal d => JsonValue.Create(Normalise(d)),
        string s => JsonValue.Create(s),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        Dictionary<string, object?> ctx => ToJsonObject(ctx),
        _ => JsonValue.Create(ToText(value)),
    };

    private static JsonObject ToJsonObject(Dictionary<string, object?> ctx)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in ctx)
        {
            obj[k] = ToJson(v);
        }

        return obj;
    }

    /// <summary>Removes trailing zeros so that 2.50 is written as 2.5.</summary>
    public static decimal Normalise(decimal d) => d / 1.000000000000000000000000000000000m;

    public static string ToText(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => Normalise(d).ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(dt.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.Offset == TimeSpan.Zero
            ? dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "Z"
            : dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        TimeSpan ts => DurationText(ts),
        YearsMonths ym => YearsMonthsText(ym),
        List<object?> list => "[" + string.Join(", ", list.Select(ToText)) + "]",
        Dictionary<string, object?> ctx => "{" + string.Join(", ", ctx.Select(kv => kv.Key + ": " + ToText(kv.Value))) + "}",
        FeelRange r => (r.StartIncluded ? "[" : "(") + ToText(r.Start) + ".." + ToText(r.End) + (r.EndIncluded ? "]" : ")"),
        _ => value.ToString() ?? string.Empty,
    };

    private static string DurationText(TimeSpan ts)
    {
        if (ts == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var sb = new StringBuilder();
        if (ts < TimeSpan.Zero)
        {
            sb.Append('-');
            ts = ts.Negate();
        }

        sb.Append('P');
        if (ts.Days > 0)
        {
            sb.Append(ts.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (ts.Hours > 0 || ts.Minutes > 0 || ts.Seconds > 0 || ts.Milliseconds > 0)
        {
            sb.Append('T');
            if (ts.Hours > 0)
            {
                sb.Append(ts.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (ts.Minutes > 0)
            {
                sb.Append(ts.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (ts.Seconds > 0 || ts.Milliseconds > 0)
            {
                var seconds = ts.Seconds + (ts.Milliseconds / 1000m);
                sb.Append(Normalise(seconds).ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return sb.ToString();
    }

    private static string YearsMonthsText(YearsMonths ym)
    {
        if (ym.Months == 0)
        {
            return "P0M";
        }

        var months = Math.Abs(ym.Months);
        var sign = ym.Months < 0 ? "-" : string.Empty;
        var years = months / 12;
        var rest = months % 12;
        return sign + "P" + (years > 0 ? years.ToString(CultureInfo.InvariantCulture) + "Y" : string.Empty)
            + (rest > 0 ? rest.ToString(CultureInfo.InvariantCulture) + "M" : string.Empty);
    }

    /// <summary>Parses an ISO 8601 duration (P1Y2M, P3DT4H, -PT5M) into a FEEL duration.</summary>
    public static object? ParseDuration(string text)
    {
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative)
        {
            s = s[1..];
        }

        if (s.Length < 2 || s[0] != 'P')
        {
            return null;
        }

        int years = 0, months = 0;
        decimal days = 0, hours = 0, minutes = 0, seconds = 0;
        var inTime = false;
        var any = false;
        var i = 1;
        while (i < s.Length)
        {
            if (s[i] == 'T')
            {
                inTime = true;
                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || i >= s.Length
                || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            any = true;
            switch (s[i], inTime)
            {
                case ('Y', false): years = (int)n; break;
                case ('M', false): months = (int)n; break;
                case ('W', false): days += n * 7; break;
                case ('D', false): days += n; break;
                case ('H', true): hours = n; break;
                case ('M', true): minutes = n; break;
                case ('S', true): seconds = n; break;
                default: return null;
            }

            i++;
        }

        if (!any)
        {
            return null;
        }

        if (years != 0 || months != 0)
        {
            if (days != 0 || hours != 0 || minutes != 0 || seconds != 0)
            {
                return null;
            }

            var total = (years * 12) + months;
            return new YearsMonths(negative ? -total : total);
        }

        var span = TimeSpan.FromDays((double)days) + TimeSpan.FromHours((double)hours) + TimeSpan.FromMinutes((double)minutes)
            + TimeSpan.FromMilliseconds((double)(seconds * 1000));
        return negative ? span.Negate() : span;
    }

    public static object? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static object? ParseDateTime(string text)
    {
        var s = text.Trim();
        if (!s.Contains('T', StringComparison.Ordinal))
        {
            return ParseDate(s) is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : null;
        }

        var zoned = s.EndsWith('Z') || s.LastIndexOfAny(['+', '-']) > s.IndexOf('T', StringComparison.Ordinal);
        if (zoned)
        {
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto) ? dto : null;
        }

        return DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
            ? DateTime.SpecifyKind(dt, DateTimeKind.Unspecified)
            : null;
    }
}
