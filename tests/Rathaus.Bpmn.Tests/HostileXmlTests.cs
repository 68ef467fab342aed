using System.Diagnostics;
using System.Text;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Tests;

public class HostileXmlTests
{
    private static BpmnParseException ParseFails(string xml, BpmnParserOptions? options = null)
    {
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<BpmnParseException>(() => BpmnParser.Parse(xml, options));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "parsing hostile input must fail fast");
        Assert.NotEmpty(ex.Problems);
        return ex;
    }

    [Fact]
    public void External_entity_is_refused_with_position()
    {
        var ex = ParseFails("""
            <?xml version="1.0"?>
            <!DOCTYPE d [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&xxe;" /></bpmn:definitions>
            """);
        var problem = Assert.Single(ex.Problems);
        Assert.Contains("DTD", problem.Message);
        Assert.Equal(2, problem.Line);
        Assert.DoesNotContain("root:", ex.Message);
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? string.Empty : (i - 1).ToString())};", 10))}\">");
        }

        sb.Append("]><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">&lol9;</bpmn:definitions>");
        var ex = ParseFails(sb.ToString());
        Assert.Contains("DTD", ex.Problems[0].Message);
        Assert.Equal(1, ex.Problems[0].Line);
    }

    [Fact]
    public void Deep_nesting_is_refused_at_the_configured_depth()
    {
        var depth = 10_000;
        var xml = "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
            + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</bpmn:definitions>";
        var ex = ParseFails(xml);
        Assert.Contains("nested deeper than the limit of 200", ex.Problems[0].Message);
        Assert.Equal(1, ex.Problems[0].Line);
        Assert.True(ex.Problems[0].Column > 600);
    }

    [Fact]
    public void Oversized_input_is_refused_before_parsing()
    {
        var xml = "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><!--" + new string('x', 2000) + "--></bpmn:definitions>";
        var ex = ParseFails(xml, new BpmnParserOptions { MaxInputBytes = 1000 });
        Assert.Contains("larger than the limit of 1000 bytes", ex.Problems[0].Message);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        Assert.Throws<BpmnParseException>(() => BpmnParser.Parse(stream, new BpmnParserOptions { MaxInputBytes = 1000 }));
    }

    [Fact]
    public void Malformed_xml_names_line_and_position()
    {
        var ex = ParseFails("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n  <bpmn:process id=\"p\">\n</bpmn:definitions>");
        var problem = Assert.Single(ex.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("not readable XML", problem.Message);
    }

    [Fact]
    public void Non_bpmn_root_is_refused()
    {
        var ex = ParseFails("<definitions xmlns=\"urn:other\" />");
        Assert.Contains("expected definitions in the BPMN 2.0 namespace", ex.Problems[0].Message);
    }
}
