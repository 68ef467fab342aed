using System.Xml.Linq;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Tests;

public class CorpusTests
{
    private static readonly XNamespace Bpmn = BpmnParser.BpmnNamespace;

    private static readonly HashSet<string> FlowNodeNames =
    [
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "implicitThrowEvent",
        "task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask", "scriptTask", "businessRuleTask",
        "callActivity", "subProcess", "transaction", "adHocSubProcess",
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
    ];

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(RepositoryPaths.BpmnCorpus))
        {
            throw new InvalidOperationException("BPMN corpus missing at " + RepositoryPaths.BpmnCorpus);
        }

        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.BpmnCorpus, "*.bpmn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.BpmnCorpus, file));
        }

        return data;
    }

    [Fact]
    public void Corpus_holds_all_178_files()
    {
        Assert.Equal(178, CorpusFiles().Count);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_corpus_file_parses_with_all_flow_nodes_flows_and_shapes(string relativePath)
    {
        var path = Path.Combine(RepositoryPaths.BpmnCorpus, relativePath);
        var model = BpmnParser.ParseFile(path);

        var doc = XDocument.Load(path);
        var expectedNodes = doc.Descendants()
            .Count(e => e.Name.Namespace == Bpmn && FlowNodeNames.Contains(e.Name.LocalName) && e.Ancestors(Bpmn + "process").Any());
        var expectedFlows = doc.Descendants(Bpmn + "sequenceFlow").Count(e => e.Ancestors(Bpmn + "process").Any());
        var expectedShapes = doc.Descendants().Count(e => e.Name.LocalName == "BPMNShape");
        var expectedEdges = doc.Descendants().Count(e => e.Name.LocalName == "BPMNEdge");

        Assert.Equal(expectedNodes, model.AllFlowNodes().Count());
        Assert.Equal(expectedFlows, model.Processes.Sum(p => BpmnDefinitions.AllSequenceFlows(p).Count()));
        Assert.Equal(expectedShapes, model.Diagrams.Sum(d => d.Shapes.Count));
        Assert.Equal(expectedEdges, model.Diagrams.Sum(d => d.Edges.Count));
        Assert.All(model.Diagrams.SelectMany(d => d.Shapes), s => Assert.True(model.ElementsById.ContainsKey(s.ElementRef), $"shape {s.Id} shows unknown element {s.ElementRef}"));
        Assert.All(model.Diagrams.SelectMany(d => d.Shapes), s => Assert.True(s.Bounds.Width >= 0 && s.Bounds.Height >= 0));

        // Every flow's endpoints resolve to parsed nodes, and the nodes list them as outgoing/incoming.
        var nodes = model.AllFlowNodes().Where(n => n.Id.Length > 0).GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var flow in model.Processes.SelectMany(BpmnDefinitions.AllSequenceFlows))
        {
            if (nodes.TryGetValue(flow.SourceRef, out var source))
            {
                Assert.Contains(flow.Id, source.Outgoing);
            }
        }
    }
}
