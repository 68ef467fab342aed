using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Runtime;

namespace Rathaus.Bpmn.Tests.Execution;

public abstract class EngineTestBase
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    internal ManualTimeProvider Clock { get; } = new(T0);

    protected InMemoryProcessRuntime Runtime { get; }

    protected EngineTestBase()
    {
        Runtime = new InMemoryProcessRuntime(Clock, new SequentialIdGenerator());
    }

    protected ProcessInstanceState Run(string processBody, JsonObject? variables = null, string rootElements = "")
    {
        Runtime.Deploy(BpmnXml.Definitions(processBody, rootElements));
        return Runtime.StartInstance("p", variables);
    }

    protected ProcessInstanceState State(ProcessInstanceState s) => Runtime.GetInstance(s.InstanceId);

    protected static JsonObject Vars(string json) => JsonNode.Parse(json)!.AsObject();

    protected IEnumerable<string> EnteredElements(string instanceId) =>
        Runtime.History.Where(h => h.InstanceId == instanceId && h.Kind == HistoryEventKind.Entered).Select(h => h.ElementId);
}
