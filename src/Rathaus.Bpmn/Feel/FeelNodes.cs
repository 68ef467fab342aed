namespace Rathaus.Bpmn.Feel;

/// <summary>Evaluation environment: variable lookup plus locally bound names (filter items).</summary>
internal sealed class FeelScope
{
    private readonly FeelContext _context;
    private readonly FeelScope? _parent;
    private readonly Dictionary<string, object?>? _locals;

    public FeelScope(FeelContext context)
    {
        _context = context;
    }

    private FeelScope(FeelScope parent, Dictionary<string, object?> locals)
    {
        _context = parent._context;
        _parent = parent;
        _locals = locals;
    }

    public TimeProvider Time => _context.Time;

    public FeelScope With(Dictionary<string, object?> locals) => new(this, locals);

    public object? Lookup(string name)
    {
        for (var s = this; s is not null; s = s._parent)
        {
            if (s._locals is not null && s._locals.TryGetValue(name, out var v))
            {
                return v;
            }
        }

        return _context.TryGetVariable(name, out var node) ? FeelValues.FromJson(node) : null;
    }
}

/// <summary>A node of a parsed FEEL expression; evaluation never throws for data-dependent problems, it yields null.</summary>
internal abstract class FeelNode
{
    public abstract object? Evaluate(FeelScope scope);
}

internal sealed class LiteralNode(object? value) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => value;
}

internal sealed class NameNode(string name) : FeelNode
{
    public string Name => name;

    public override object? Evaluate(FeelScope scope) => scope.Lookup(name);
}

internal sealed class ListNode(List<FeelNode> items) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => items.Select(i => i.Evaluate(scope)).ToList();
}

internal sealed class ContextNode(List<KeyValuePair<string, FeelNode>> entries) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var ctx = new Dictionary<string, object?>(StringComparer.Ordinal);

        // Later entries may refer to earlier ones, as FEEL allows.
        var inner = scope.With(ctx);
        foreach (var (k, v) in entries)
        {
            ctx[k] = v.Evaluate(inner);
        }

        return ctx;
    }
}

internal sealed class RangeNode(FeelNode start, bool startIncluded, FeelNode end, bool endIncluded) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => new FeelRange(start.Evaluate(scope), startIncluded, end.Evaluate(scope), endIncluded);
}

internal sealed class IfNode(FeelNode condition, FeelNode then, FeelNode otherwise) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => condition.Evaluate(scope) is true ? then.Evaluate(scope) : otherwise.Evaluate(scope);
}

internal sealed class OrNode(FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var l = left.Evaluate(scope);
        if (l is true)
        {
            return true;
        }

        var r = right.Evaluate(scope);
        if (r is true)
        {
            return true;
        }

        return l is false && r is false ? false : null;
    }
}

internal sealed class AndNode(FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var l = left.Evaluate(scope);
        if (l is false)
        {
            return false;
        }

        var r = right.Evaluate(scope);
        if (r is false)
        {
            return false;
        }

        return l is true && r is true ? true : null;
    }
}

internal sealed class CompareNode(string op, FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var l = left.Evaluate(scope);
        var r = right.Evaluate(scope);
        return op switch
        {
            "=" => FeelOperations.Equal(l, r),
            "!=" => FeelOperations.Equal(l, r) is bool b ? !b : null,
            _ => FeelOperations.Compare(l, r) is int c
                ? op switch
                {
                    "<" => c < 0,
                    "<=" => c <= 0,
                    ">" => c > 0,
                    _ => c >= 0,
                }
                : null,
        };
    }
}

internal sealed class BetweenNode(FeelNode value, FeelNode low, FeelNode high) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var v = value.Evaluate(scope);
        var a = FeelOperations.Compare(v, low.Evaluate(scope));
        var b = FeelOperations.Compare(v, high.Evaluate(scope));
        return a is int x && b is int y ? x >= 0 && y <= 0 : null;
    }
}

internal sealed class InNode(FeelNode value, FeelNode tests) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => FeelOperations.In(value.Evaluate(scope), tests.Evaluate(scope));
}

internal sealed class ArithmeticNode(string op, FeelNode left, FeelNode right) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => FeelOperations.Arithmetic(op, left.Evaluate(scope), right.Evaluate(scope));
}

internal sealed class NegateNode(FeelNode operand) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => operand.Evaluate(scope) switch
    {
        decimal d => -d,
        TimeSpan t => t.Negate(),
        YearsMonths ym => new YearsMonths(-ym.Months),
        _ => null,
    };
}

internal sealed class PathNode(FeelNode target, string name) : FeelNode
{
    public override object? Evaluate(FeelScope scope) => Get(target.Evaluate(scope), name);

    private static object? Get(object? value, string name) => value switch
    {
        Dictionary<string, object?> ctx => ctx.TryGetValue(name, out var v) ? v : null,
        List<object?> list => list.Select(i => Get(i, name)).ToList(),
        DateOnly d => name switch
        {
            "year" => (decimal)d.Year,
            "month" => (decimal)d.Month,
            "day" => (decimal)d.Day,
            _ => null,
        },
        DateTime dt => name switch
        {
            "year" => (decimal)dt.Year,
            "month" => (decimal)dt.Month,
            "day" => (decimal)dt.Day,
            "hour" => (decimal)dt.Hour,
            "minute" => (decimal)dt.Minute,
            "second" => (decimal)dt.Second,
            _ => null,
        },
        TimeSpan ts => name switch
        {
            "days" => (decimal)ts.Days,
            "hours" => (decimal)ts.Hours,
            "minutes" => (decimal)ts.Minutes,
            "seconds" => (decimal)ts.Seconds,
            _ => null,
        },
        _ => null,
    };
}

internal sealed class FilterNode(FeelNode target, FeelNode filter) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var value = target.Evaluate(scope);
        if (value is null)
        {
            return null;
        }

        var list = value as List<object?> ?? [value];

        // A filter that is a number (without depending on the item) is a 1-based index; negative counts from the end.
        if (filter.Evaluate(scope) is decimal index)
        {
            var i = (int)decimal.Truncate(index);
            if (i > 0 && i <= list.Count)
            {
                return list[i - 1];
            }

            return i < 0 && -i <= list.Count ? list[list.Count + i] : null;
        }

        var result = new List<object?>();
        foreach (var item in list)
        {
            var locals = item is Dictionary<string, object?> ctx
                ? new Dictionary<string, object?>(ctx, StringComparer.Ordinal) { ["item"] = item }
                : new Dictionary<string, object?>(StringComparer.Ordinal) { ["item"] = item };
            if (filter.Evaluate(scope.With(locals)) is true)
            {
                result.Add(item);
            }
        }

        return result;
    }
}

internal sealed class CallNode(string name, List<FeelNode> args) : FeelNode
{
    public override object? Evaluate(FeelScope scope)
    {
        var values = new object?[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = args[i].Evaluate(scope);
        }

        return FeelFunctions.Invoke(name, values, scope);
    }
}
