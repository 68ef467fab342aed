using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Tests.Execution;

public class ScopeTests : EngineTestBase
{
    [Fact]
    public void Embedded_subprocess_runs_its_content_then_continues()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="s1" /><bpmn:userTask id="inner" /><bpmn:endEvent id="e1" />
              <bpmn:sequenceFlow id="i1" sourceRef="s1" targetRef="inner" /><bpmn:sequenceFlow id="i2" sourceRef="inner" targetRef="e1" />
            </bpmn:subProcess>
            <bpmn:userTask id="after" />
            """ + BpmnXml.Flow("f1", "start", "sub") + BpmnXml.Flow("f2", "sub", "after"));
        var task = Assert.Single(s.UserTasks);
        Assert.Equal("inner", task.ElementId);
        Runtime.CompleteUserTask(task.Id, Vars("""{"checked": true}"""));
        var after = State(s);
        Assert.Equal("after", Assert.Single(after.UserTasks).ElementId);
        Assert.True(after.Variables["checked"]!.GetValue<bool>());
    }

    [Fact]
    public void Interrupting_message_event_subprocess_cancels_the_main_flow()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />
            <bpmn:subProcess id="withdraw" triggeredByEvent="true">
              <bpmn:startEvent id="ws"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent>
              <bpmn:userTask id="archive" />
              <bpmn:sequenceFlow id="w1" sourceRef="ws" targetRef="archive" />
            </bpmn:subProcess>
            """ + BpmnXml.Flow("f1", "start", "work") + BpmnXml.Flow("f2", "work", "end"),
            Vars("""{"caseId": "C1"}"""),
            """<bpmn:message id="m1" name="ruecknahme"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>""");
        Runtime.PublishMessage("ruecknahme", "C1");
        var after = State(s);
        var task = Assert.Single(after.UserTasks);
        Assert.Equal("archive", task.ElementId);
        Runtime.CompleteUserTask(task.Id);
        Assert.Equal(InstanceStatus.Completed, State(s).Status);
    }

    [Fact]
    public void Non_interrupting_timer_event_subprocess_runs_alongside_the_main_flow()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />
            <bpmn:subProcess id="reminder" triggeredByEvent="true">
              <bpmn:startEvent id="ts" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
              <bpmn:userTask id="remind" />
              <bpmn:sequenceFlow id="t1" sourceRef="ts" targetRef="remind" />
            </bpmn:subProcess>
            """ + BpmnXml.Flow("f1", "start", "work") + BpmnXml.Flow("f2", "work", "end"));
        Runtime.AdvanceTo(T0.AddDays(3));
        Assert.Equal(["remind", "work"], State(s).UserTasks.Select(t => t.ElementId).Order());
    }

    [Fact]
    public void Error_event_subprocess_catches_an_error_from_a_job()
    {
        Runtime.RegisterJobHandler("register", _ => throw new Runtime.BpmnErrorException("DUPLICATE", "already registered"));
        var s = Run("""
            <bpmn:startEvent id="start" />
            """ + BpmnXml.ServiceTask("reg", "register") + """
            <bpmn:endEvent id="end" />
            <bpmn:subProcess id="onError" triggeredByEvent="true">
              <bpmn:startEvent id="es"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:startEvent>
              <bpmn:userTask id="clarify" />
              <bpmn:sequenceFlow id="e1f" sourceRef="es" targetRef="clarify" />
            </bpmn:subProcess>
            """ + BpmnXml.Flow("f1", "start", "reg") + BpmnXml.Flow("f2", "reg", "end"),
            rootElements: """<bpmn:error id="e1" errorCode="DUPLICATE" />""");
        Assert.Equal("clarify", Assert.Single(s.UserTasks).ElementId);
        Assert.Empty(s.Incidents);
    }

    [Fact]
    public void Call_activity_starts_the_latest_child_version_and_maps_variables_back()
    {
        Runtime.Deploy(BpmnXml.Definitions("""<bpmn:startEvent id="cs" /><bpmn:endEvent id="ce" />""" + BpmnXml.Flow("c1", "cs", "ce"), processId: "child"));
        Runtime.Deploy(BpmnXml.Definitions("""<bpmn:startEvent id="cs" />""" + BpmnXml.UserTask("pay") + """<bpmn:endEvent id="ce" />"""
            + BpmnXml.Flow("c1", "cs", "pay") + BpmnXml.Flow("c2", "pay", "ce"), processId: "child"));
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call"><bpmn:extensionElements>
              <zeebe:calledElement processId="child" />
              <zeebe:ioMapping><zeebe:input source="=fee * 2" target="amount" /><zeebe:output source="=receipt" target="paymentReceipt" /></zeebe:ioMapping>
            </bpmn:extensionElements></bpmn:callActivity>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "call") + BpmnXml.Flow("f2", "call", "end"), Vars("""{"fee": 10}"""));
        var childTask = Assert.Single(Runtime.OpenUserTasks());
        var child = Runtime.Store.All().Single(i => i.ProcessId == "child");
        Assert.Equal(2, child.ProcessVersion);
        Assert.Equal(s.InstanceId, child.ParentInstanceId);
        Assert.Equal(20m, child.Variables["amount"]!.GetValue<decimal>());

        Runtime.CompleteUserTask(childTask.Id, Vars("""{"receipt": "Q-1"}"""));
        var parent = State(s);
        Assert.Equal(InstanceStatus.Completed, parent.Status);
        Assert.Equal("Q-1", parent.Variables["paymentReceipt"]!.GetValue<string>());
        Assert.False(parent.Variables.ContainsKey("amount"));
    }

    [Fact]
    public void Interrupting_a_call_activity_cancels_its_child_instance()
    {
        Runtime.Deploy(BpmnXml.Definitions("""<bpmn:startEvent id="cs" />""" + BpmnXml.UserTask("pay") + BpmnXml.Flow("c1", "cs", "pay"), processId: "child"));
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements></bpmn:callActivity>
            <bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="end" /><bpmn:endEvent id="expired" />
            """ + BpmnXml.Flow("f1", "start", "call") + BpmnXml.Flow("f2", "call", "end") + BpmnXml.Flow("f3", "late", "expired"));
        Assert.Single(Runtime.OpenUserTasks());
        Runtime.AdvanceTo(T0.AddDays(30));
        Assert.Equal(InstanceStatus.Completed, State(s).Status);
        Assert.Equal(InstanceStatus.Cancelled, Runtime.Store.All().Single(i => i.ProcessId == "child").Status);
        Assert.Empty(Runtime.OpenUserTasks());
    }

    [Fact]
    public void Parallel_multi_instance_runs_once_per_item_and_collects_outputs()
    {
        Runtime.RegisterJobHandler("price", ctx => new JsonObject { ["price"] = ctx.Variables["dog"]!["size"]!.GetValue<decimal>() * 10 });
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="each">
              <bpmn:extensionElements><zeebe:taskDefinition type="price" /></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics>
                <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=dogs" inputElement="dog" outputCollection="prices" outputElement="=price" /></bpmn:extensionElements>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:serviceTask>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "each") + BpmnXml.Flow("f2", "each", "end"),
            Vars("""{"dogs": [{"size": 1}, {"size": 3}, {"size": 2}]}"""));
        Assert.Equal(InstanceStatus.Completed, s.Status);
        Assert.Equal("[10,30,20]", s.Variables["prices"]!.ToJsonString());
    }

    [Fact]
    public void Sequential_multi_instance_opens_one_task_at_a_time_and_stops_at_the_completion_condition()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="approve">
              <bpmn:multiInstanceLoopCharacteristics isSequential="true">
                <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=approvers" inputElement="approver" outputCollection="votes" outputElement="=vote" /></bpmn:extensionElements>
                <bpmn:completionCondition>=vote = "nein"</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "approve") + BpmnXml.Flow("f2", "approve", "end"),
            Vars("""{"approvers": ["a", "b", "c"]}"""));
        var first = Assert.Single(s.UserTasks);
        Runtime.CompleteUserTask(first.Id, Vars("""{"vote": "ja"}"""));
        var second = Assert.Single(State(s).UserTasks);
        Assert.NotEqual(first.Id, second.Id);
        Runtime.CompleteUserTask(second.Id, Vars("""{"vote": "nein"}"""));
        var done = State(s);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("""["ja","nein",null]""", done.Variables["votes"]!.ToJsonString());
    }

    [Fact]
    public void Multi_instance_over_an_empty_list_passes_through()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="each"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "each") + BpmnXml.Flow("f2", "each", "end"), Vars("""{"items": []}"""));
        Assert.Equal(InstanceStatus.Completed, s.Status);
    }
}
