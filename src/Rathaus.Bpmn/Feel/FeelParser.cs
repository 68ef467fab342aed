using System.Globalization;
using System.Text;

namespace Rathaus.Bpmn.Feel;

/// <summary>Lexer and recursive-descent parser for the supported FEEL subset.</summary>
internal sealed class FeelParser
{
    // Built-in function names that contain spaces, longest first so that "date and time" wins over "date".
    private static readonly string[] MultiWordFunctions =
    [
        "years and months duration", "string length", "upper case", "lower case", "starts with", "ends with",
        "list contains", "date and time", "is defined",
    ];

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;

    private FeelParser(string text)
    {
        _text = text;
        _tokens = Lex(text);
    }

    public static FeelNode Parse(string text)
    {
        var parser = new FeelParser(text);
        var node = parser.ParseExpression();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw parser.Error($"unexpected '{parser.Peek.Text}'");
        }

        return node;
    }

    private enum TokenKind
    {
        End,
        Number,
        String,
        Name,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private bool IsSymbol(string s) => Peek.Kind == TokenKind.Symbol && Peek.Text == s;

    private bool IsName(string s) => Peek.Kind == TokenKind.Name && Peek.Text == s;

    private FeelParseException Error(string message) => new($"{message} at position {Peek.Offset + 1} in '{_text}'", Peek.Offset);

    private void Expect(string symbol)
    {
        if (!IsSymbol(symbol))
        {
            throw Error($"expected '{symbol}' but found '{(Peek.Kind == TokenKind.End ? "end of expression" : Peek.Text)}'");
        }

        _pos++;
    }

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
                continue;
            }

            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FeelParseException($"unterminated string starting at position {start + 1} in '{text}'", start);
                    }

                    var ch = text[i++];
                    if (ch == '"')
                    {
                        break;
                    }

                    if (ch == '\\' && i < text.Length)
                    {
                        var esc = text[i++];
                        sb.Append(esc switch
                        {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            _ => esc,
                        });
                        continue;
                    }

                    sb.Append(ch);
                }

                tokens.Add(new Token(TokenKind.String, sb.ToString(), start));
                continue;
            }

            if (char.IsLetter(c) || c == '_' || c == '$' || c == '?')
            {
                var multi = MatchMultiWord(text, i);
                if (multi is not null)
                {
                    tokens.Add(new Token(TokenKind.Name, multi, start));
                    i += multi.Length;
                    continue;
                }

                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$' || text[i] == '?'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], start));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
            if (two is "**" or "!=" or "<=" or ">=" or "..")
            {
                tokens.Add(new Token(TokenKind.Symbol, two, start));
                i += 2;
                continue;
            }

            if ("()[]{},:.+-*/=<>".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), start));
                i++;
                continue;
            }

            throw new FeelParseException($"unexpected character '{c}' at position {i + 1} in '{text}'", i);
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private static string? MatchMultiWord(string text, int i)
    {
        foreach (var name in MultiWordFunctions)
        {
            if (string.CompareOrdinal(text, i, name, 0, name.Length) != 0)
            {
                continue;
            }

            var j = i + name.Length;
            while (j < text.Length && char.IsWhiteSpace(text[j]))
            {
                j++;
            }

            if (j < text.Length && text[j] == '(')
            {
                return name;
            }
        }

        return null;
    }

    private FeelNode ParseExpression()
    {
        if (IsName("if"))
        {
            _pos++;
            var condition = ParseExpression();
            if (!IsName("then"))
            {
                throw Error("expected 'then'");
            }

            _pos++;
            var then = ParseExpression();
            if (!IsName("else"))
            {
                throw Error("expected 'else'");
            }

            _pos++;
            var otherwise = ParseExpression();
            return new IfNode(condition, then, otherwise);
        }

        if (IsName("for") || IsName("some") || IsName("every"))
        {
            throw Error($"'{Peek.Text}' expressions are not supported");
        }

        return ParseOr();
    }

    private FeelNode ParseOr()
    {
        var left = ParseAnd();
        while (IsName("or"))
        {
            _pos++;
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private FeelNode ParseAnd()
    {
        var left = ParseComparison();
        while (IsName("and"))
        {
            _pos++;
            left = new AndNode(left, ParseComparison());
        }

        return left;
    }

    private FeelNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "=" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next().Text;
            return new CompareNode(op, left, ParseAdditive());
        }

        if (IsName("between"))
        {
            _pos++;
            var low = ParseAdditive();
            if (!IsName("and"))
            {
                throw Error("expected 'and' in between");
            }

            _pos++;
            var high = ParseAdditive();
            return new BetweenNode(left, low, high);
        }

        if (IsName("in"))
        {
            _pos++;
            return new InNode(left, ParseAdditive());
        }

        return left;
    }

    private FeelNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (IsSymbol("+") || IsSymbol("-"))
        {
            var op = Next().Text;
            left = new ArithmeticNode(op, left, ParseMultiplicative());
        }

        return left;
    }

    private FeelNode ParseMultiplicative()
    {
        var left = ParsePower();
        while (IsSymbol("*") || IsSymbol("/"))
        {
            var op = Next().Text;
            left = new ArithmeticNode(op, left, ParsePower());
        }

        return left;
    }

    private FeelNode ParsePower()
    {
        var left = ParseUnary();
        while (IsSymbol("**"))
        {
            _pos++;
            left = new ArithmeticNode("**", left, ParseUnary());
        }

        return left;
    }

    private FeelNode ParseUnary()
    {
        if (IsSymbol("-"))
        {
            _pos++;
            return new NegateNode(ParseUnary());
        }

        return ParsePostfix();
    }

    private FeelNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            if (IsSymbol("."))
            {
                _pos++;
                if (Peek.Kind != TokenKind.Name && Peek.Kind != TokenKind.String)
                {
                    throw Error("expected a name after '.'");
                }

                node = new PathNode(node, Next().Text);
            }
            else if (IsSymbol("["))
            {
                _pos++;
                var filter = ParseExpression();
                Expect("]");
                node = new FilterNode(node, filter);
            }
            else
            {
                return node;
            }
        }
    }

    private FeelNode ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return new LiteralNode(decimal.Parse(t.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            case TokenKind.String:
                _pos++;
                return new LiteralNode(t.Text);
            case TokenKind.Name:
                _pos++;
                switch (t.Text)
                {
                    case "true": return new LiteralNode(true);
                    case "false": return new LiteralNode(false);
                    case "null": return new LiteralNode(null);
                }

                if (IsSymbol("("))
                {
                    _pos++;
                    var args = new List<FeelNode>();
                    if (!IsSymbol(")"))
                    {
                        do
                        {
                            args.Add(ParseExpression());
                        }
                        while (TrySkip(","));
                    }

                    Expect(")");
                    if (!FeelFunctions.Exists(t.Text))
                    {
                        throw new FeelParseException($"unknown function '{t.Text}' at position {t.Offset + 1} in '{_text}'", t.Offset);
                    }

                    return new CallNode(t.Text, args);
                }

                return new NameNode(t.Text);
            case TokenKind.Symbol:
                return ParseBracketed(t);
            default:
                throw Error("unexpected end of expression");
        }
    }

    private bool TrySkip(string symbol)
    {
        if (IsSymbol(symbol))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private FeelNode ParseBracketed(Token t)
    {
        switch (t.Text)
        {
            case "(":
                {
                    _pos++;
                    var inner = ParseExpression();
                    if (TrySkip(".."))
                    {
                        return FinishRange(inner, startIncluded: false);
                    }

                    Expect(")");
                    return inner;
                }

            case "]":
                {
                    _pos++;
                    var start = ParseExpression();
                    Expect("..");
                    return FinishRange(start, startIncluded: false);
                }

            case "[":
                {
                    _pos++;
                    var items = new List<FeelNode>();
                    if (TrySkip("]"))
                    {
                        return new ListNode(items);
                    }

                    var first = ParseExpression();
                    if (TrySkip(".."))
                    {
                        return FinishRange(first, startIncluded: true);
                    }

                    items.Add(first);
                    while (TrySkip(","))
                    {
                        items.Add(ParseExpression());
                    }

                    Expect("]");
                    return new ListNode(items);
                }

            case "{":
                {
                    _pos++;
                    var entries = new List<KeyValuePair<string, FeelNode>>();
                    if (!IsSymbol("}"))
                    {
                        do
                        {
                            if (Peek.Kind is not (TokenKind.Name or TokenKind.String))
                            {
                                throw Error("expected a context key");
                            }

                            var key = Next().Text;
                            Expect(":");
                            entries.Add(new(key, ParseExpression()));
                        }
                        while (TrySkip(","));
                    }

                    Expect("}");
                    return new ContextNode(entries);
                }

            default:
                throw Error($"unexpected '{t.Text}'");
        }
    }

    private RangeNode FinishRange(FeelNode start, bool startIncluded)
    {
        var end = ParseExpression();
        bool endIncluded;
        if (TrySkip("]"))
        {
            endIncluded = true;
        }
        else if (TrySkip(")") || TrySkip("["))
        {
            endIncluded = false;
        }
        else
        {
            throw Error("expected ']' or ')' to close the range");
        }

        return new RangeNode(start, startIncluded, end, endIncluded);
    }
}
