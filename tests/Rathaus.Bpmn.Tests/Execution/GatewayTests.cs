using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Tests.Execution;

public class GatewayTests : EngineTestBase
{
    private const string Exclusive = """
        <bpmn:startEvent id="start" />
        <bpmn:exclusiveGateway id="gw" default="toSmall" />
        <bpmn:userTask id="big" /><bpmn:userTask id="small" />
        """;

    [Theory]
    [InlineData(150, "big")]
    [InlineData(50, "small")]
    public void Exclusive_gateway_takes_the_first_true_condition_or_the_default(int amount, string expected)
    {
        var s = Run(Exclusive + BpmnXml.Flow("f1", "start", "gw") + BpmnXml.Flow("toBig", "gw", "big", "=amount > 100")
            + BpmnXml.Flow("toSmall", "gw", "small"), Vars($$"""{"amount": {{amount}}}"""));
        Assert.Equal(expected, Assert.Single(s.UserTasks).ElementId);
    }

    [Fact]
    public void Exclusive_gateway_without_matching_condition_raises_incident()
    {
        var s = Run("""<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:userTask id="a" /><bpmn:userTask id="b" />"""
            + BpmnXml.Flow("f1", "start", "gw") + BpmnXml.Flow("fa", "gw", "a", "=amount > 100") + BpmnXml.Flow("fb", "gw", "b", "=amount < 10"),
            Vars("""{"amount": 50}"""));
        var incident = Assert.Single(s.Incidents);
        Assert.Equal("ConditionNotMet", incident.Kind);
        Assert.Equal("gw", incident.ElementId);
        Assert.Contains("no default flow", incident.Message);
        Assert.Equal(InstanceStatus.Active, s.Status);
        Assert.Empty(s.UserTasks);

        // Fix the data and retry: the token continues.
        Runtime.SetVariables(s.InstanceId, Vars("""{"amount": 5}"""));
        Runtime.ResolveIncident(s.InstanceId, incident.Id);
        Assert.Equal("b", Assert.Single(State(s).UserTasks).ElementId);
    }

    [Fact]
    public void Null_condition_counts_as_false()
    {
        var s = Run(Exclusive + BpmnXml.Flow("f1", "start", "gw") + BpmnXml.Flow("toBig", "gw", "big", "=missing > 100")
            + BpmnXml.Flow("toSmall", "gw", "small"));
        Assert.Equal("small", Assert.Single(s.UserTasks).ElementId);
    }

    [Fact]
    public void Parallel_gateway_forks_and_joins_only_when_all_branches_arrived()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" />
            <bpmn:parallelGateway id="join" /><bpmn:userTask id="after" />
            """ + BpmnXml.Flow("f1", "start", "fork") + BpmnXml.Flow("f2", "fork", "a") + BpmnXml.Flow("f3", "fork", "b")
            + BpmnXml.Flow("f4", "a", "join") + BpmnXml.Flow("f5", "b", "join") + BpmnXml.Flow("f6", "join", "after"));
        Assert.Equal(["a", "b"], s.UserTasks.Select(t => t.ElementId).Order());
        Runtime.CompleteUserTask(s.UserTasks.Single(t => t.ElementId == "a").Id);
        Assert.Equal(["b"], State(s).UserTasks.Select(t => t.ElementId));
        Runtime.CompleteUserTask(s.UserTasks.Single(t => t.ElementId == "b").Id);
        Assert.Equal(["after"], State(s).UserTasks.Select(t => t.ElementId));
    }

    [Fact]
    public void Inclusive_gateway_forks_by_conditions_and_joins_the_taken_branches()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="fork" />
            <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:userTask id="c" />
            <bpmn:inclusiveGateway id="join" /><bpmn:userTask id="after" />
            """ + BpmnXml.Flow("f1", "start", "fork") + BpmnXml.Flow("fa", "fork", "a", "=x > 1") + BpmnXml.Flow("fb", "fork", "b", "=x > 5")
            + BpmnXml.Flow("fc", "fork", "c", "=x > 2") + BpmnXml.Flow("ja", "a", "join") + BpmnXml.Flow("jb", "b", "join")
            + BpmnXml.Flow("jc", "c", "join") + BpmnXml.Flow("f9", "join", "after"), Vars("""{"x": 3}"""));
        Assert.Equal(["a", "c"], s.UserTasks.Select(t => t.ElementId).Order());
        Runtime.CompleteUserTask(s.UserTasks.Single(t => t.ElementId == "c").Id);
        Assert.Equal(["a"], State(s).UserTasks.Select(t => t.ElementId));
        Runtime.CompleteUserTask(s.UserTasks.Single(t => t.ElementId == "a").Id);
        Assert.Equal(["after"], State(s).UserTasks.Select(t => t.ElementId));
    }

    [Fact]
    public void Event_based_gateway_takes_the_first_event_and_closes_the_other()
    {
        const string messages = """<bpmn:message id="m1" name="unterlagen"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>""";
        var body = """
            <bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="gw" />
            <bpmn:intermediateCatchEvent id="docs"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>P14D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="check" /><bpmn:userTask id="remind" />
            """ + BpmnXml.Flow("f1", "start", "gw") + BpmnXml.Flow("f2", "gw", "docs") + BpmnXml.Flow("f3", "gw", "late")
            + BpmnXml.Flow("f4", "docs", "check") + BpmnXml.Flow("f5", "late", "remind");
        var s = Run(body, Vars("""{"caseId": "A-17"}"""), messages);
        Assert.Single(s.Timers);
        Assert.Equal("A-17", Assert.Single(s.MessageSubscriptions).CorrelationKey);

        Assert.Equal(s.InstanceId, Runtime.PublishMessage("unterlagen", "A-17", Vars("""{"pages": 3}""")));
        var after = State(s);
        Assert.Equal("check", Assert.Single(after.UserTasks).ElementId);
        Assert.Empty(after.Timers);
        Assert.Empty(after.MessageSubscriptions);
        Assert.Equal(3, after.Variables["pages"]!.GetValue<int>());
    }
}
