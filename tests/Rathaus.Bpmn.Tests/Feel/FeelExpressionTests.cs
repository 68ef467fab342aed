using System.Text.Json.Nodes;
using Rathaus.Bpmn.Feel;

namespace Rathaus.Bpmn.Tests.Feel;

public class FeelExpressionTests
{
    private static JsonNode? Eval(string expression, string? variables = null) =>
        FeelExpression.Parse(expression).Evaluate(new JsonFeelContext(variables is null ? null : JsonNode.Parse(variables)!.AsObject()));

    [Theory]
    [InlineData("=amount > 100", "{\"amount\": 150}", "true")]
    [InlineData("applicant.pets[2].name", "{\"applicant\": {\"pets\": [{\"name\": \"Bello\"}, {\"name\": \"Minka\"}]}}", "\"Minka\"")]
    [InlineData("orders[amount > 10].id", "{\"orders\": [{\"id\": 1, \"amount\": 5}, {\"id\": 2, \"amount\": 50}]}", "[2]")]
    [InlineData("fee in [10..20]", "{\"fee\": 20}", "true")]
    [InlineData("fee in (10..20)", "{\"fee\": 20}", "false")]
    [InlineData("\"Hund\" in [\"Hund\", \"Katze\"]", null, "true")]
    [InlineData("date(\"2025-01-31\") + duration(\"P1M\")", null, "\"2025-02-28\"")]
    [InlineData("date(\"2025-03-01\") - date(\"2025-01-01\")", null, "\"P59D\"")]
    [InlineData("{a: 1, b: a + 1}.b", null, "2")]
    [InlineData("if x = null then \"leer\" else x", null, "\"leer\"")]
    [InlineData("0.1 + 0.2", null, "0.3")]
    public void Expressions_evaluate_to_json(string expression, string? variables, string expected)
    {
        Assert.Equal(expected, Eval(expression, variables)?.ToJsonString());
    }

    [Fact]
    public void Comparison_with_null_is_null_and_a_null_condition_is_false()
    {
        Assert.Null(Eval("missing > 5"));
        Assert.False(FeelExpression.Parse("missing > 5").EvaluateCondition(new JsonFeelContext(null)));
    }

    [Fact]
    public void Substring_from_position_zero_is_null_as_FEEL_defines()
    {
        Assert.Null(Eval("substring(\"abc\", 0)"));
    }

    [Fact]
    public void Now_and_today_come_from_the_injected_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 10, 30, 0, TimeSpan.Zero));
        var ctx = new JsonFeelContext(null, clock);
        Assert.Equal("\"2026-03-04\"", FeelExpression.Parse("today()").Evaluate(ctx)?.ToJsonString());
        Assert.Equal("\"2026-03-04T10:30:00Z\"", FeelExpression.Parse("now()").Evaluate(ctx)?.ToJsonString());
        Assert.True(FeelExpression.Parse("today() > date(\"2026-01-01\")").EvaluateCondition(ctx));
    }

    [Theory]
    [InlineData("amount >", "unexpected end")]
    [InlineData("foo(1)", "unknown function 'foo'")]
    [InlineData("\"open", "unterminated string")]
    [InlineData("a # b", "unexpected character '#' at position 3")]
    public void Unparsable_expressions_report_what_and_where(string expression, string expectedMessage)
    {
        var ex = Assert.Throws<FeelParseException>(() => FeelExpression.Parse(expression));
        Assert.Contains(expectedMessage, ex.Message);
    }
}
