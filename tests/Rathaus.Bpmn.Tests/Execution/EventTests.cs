using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Tests.Execution;

public class EventTests : EngineTestBase
{
    private const string Message = """<bpmn:message id="m1" name="zahlung"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>""";

    [Fact]
    public void Intermediate_timer_waits_until_due()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "wait") + BpmnXml.Flow("f2", "wait", "end"));
        Assert.Equal(T0.AddHours(2), Assert.Single(s.Timers).DueAt);
        Clock.Now = T0.AddHours(1);
        Assert.Equal(0, Runtime.RunDueTimers());
        Assert.Equal(InstanceStatus.Active, State(s).Status);
        Clock.Now = T0.AddHours(2);
        Assert.Equal(1, Runtime.RunDueTimers());
        Assert.Equal(InstanceStatus.Completed, State(s).Status);
    }

    [Fact]
    public void Timer_duration_may_be_a_FEEL_expression()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>=duration("P" + string(days) + "D")</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "wait") + BpmnXml.Flow("f2", "wait", "end"), Vars("""{"days": 3}"""));
        Assert.Equal(T0.AddDays(3), Assert.Single(s.Timers).DueAt);
    }

    [Fact]
    public void Message_catch_event_continues_on_correlated_message_with_its_variables()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="end" />
            """ + BpmnXml.Flow("f1", "start", "paid") + BpmnXml.Flow("f2", "paid", "end"), Vars("""{"caseId": "K-1"}"""), Message);
        Assert.Null(Runtime.PublishMessage("zahlung", "K-2"));
        Assert.Equal(InstanceStatus.Active, State(s).Status);
        Runtime.PublishMessage("zahlung", "K-1", Vars("""{"amount": 30}"""));
        var done = State(s);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(30, done.Variables["amount"]!.GetValue<int>());
    }

    [Fact]
    public void Receive_task_waits_for_its_message()
    {
        var s = Run("""<bpmn:startEvent id="start" /><bpmn:receiveTask id="r" messageRef="m1" /><bpmn:endEvent id="end" />"""
            + BpmnXml.Flow("f1", "start", "r") + BpmnXml.Flow("f2", "r", "end"), Vars("""{"caseId": "K-3"}"""), Message);
        Assert.Equal("zahlung", Assert.Single(s.MessageSubscriptions).MessageName);
        Runtime.PublishMessage("zahlung", "K-3");
        Assert.Equal(InstanceStatus.Completed, State(s).Status);
    }

    [Fact]
    public void Message_start_event_starts_an_instance()
    {
        Runtime.Deploy(BpmnXml.Definitions("""<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m0" /></bpmn:startEvent><bpmn:userTask id="t" />"""
            + BpmnXml.Flow("f1", "s", "t"), """<bpmn:message id="m0" name="antrag-eingegangen" />"""));
        var id = Runtime.PublishMessage("antrag-eingegangen", null, Vars("""{"applicant": "Erika"}"""));
        Assert.NotNull(id);
        var s = Runtime.GetInstance(id);
        Assert.Equal("t", Assert.Single(s.UserTasks).ElementId);
        Assert.Equal("Erika", s.Variables["applicant"]!.GetValue<string>());
    }

    [Fact]
    public void Timer_start_event_starts_instances_on_its_cycle()
    {
        Runtime.Deploy(BpmnXml.Definitions("""<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:userTask id="t" />"""
            + BpmnXml.Flow("f1", "s", "t")));
        Assert.Equal(3, Runtime.AdvanceTo(T0.AddHours(5)));
        Assert.Equal(3, Runtime.OpenUserTasks().Count);
    }

    [Fact]
    public void Interrupting_boundary_timer_cancels_the_task_and_takes_the_escalation_path()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="decide" /><bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="overdue" attachedToRef="decide"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:userTask id="escalate" />
            """ + BpmnXml.Flow("f1", "start", "decide") + BpmnXml.Flow("f2", "decide", "end") + BpmnXml.Flow("f3", "overdue", "escalate"));
        Runtime.AdvanceTo(T0.AddDays(7));
        var after = State(s);
        Assert.Equal("escalate", Assert.Single(after.UserTasks).ElementId);
    }

    [Fact]
    public void Non_interrupting_boundary_timer_keeps_the_task_and_repeats_on_its_cycle()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="decide" /><bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="remind" attachedToRef="decide" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:serviceTask id="mail"><bpmn:extensionElements><zeebe:taskDefinition type="reminder" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:endEvent id="end2" />
            """ + BpmnXml.Flow("f1", "start", "decide") + BpmnXml.Flow("f2", "decide", "end") + BpmnXml.Flow("f3", "remind", "mail") + BpmnXml.Flow("f4", "mail", "end2"));
        var reminders = 0;
        Runtime.RegisterJobHandler("reminder", _ =>
        {
            reminders++;
            return null;
        });
        Runtime.AdvanceTo(T0.AddDays(10));
        Assert.Equal(2, reminders);
        var after = State(s);
        Assert.Equal("decide", Assert.Single(after.UserTasks).ElementId);
        Assert.Empty(after.Timers);
    }

    [Fact]
    public void Boundary_message_interrupts_the_task()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:userTask id="decide" /><bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="withdrawn" attachedToRef="decide"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="cancelled" />
            """ + BpmnXml.Flow("f1", "start", "decide") + BpmnXml.Flow("f2", "decide", "end") + BpmnXml.Flow("f3", "withdrawn", "cancelled"),
            Vars("""{"caseId": "Z"}"""), Message);
        Runtime.PublishMessage("zahlung", "Z");
        var after = State(s);
        Assert.Equal(InstanceStatus.Completed, after.Status);
        Assert.Contains("cancelled", EnteredElements(s.InstanceId));
        Assert.DoesNotContain("end", EnteredElements(s.InstanceId));
    }

    [Fact]
    public void Bpmn_error_from_a_job_is_caught_by_a_boundary_error_event()
    {
        Runtime.RegisterJobHandler("check", _ => throw new Runtime.BpmnErrorException("NOT_FOUND", "address unknown"));
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:serviceTask id="lookup"><bpmn:extensionElements><zeebe:taskDefinition type="check" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:boundaryEvent id="notFound" attachedToRef="lookup"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="end" /><bpmn:userTask id="manual" />
            """ + BpmnXml.Flow("f1", "start", "lookup") + BpmnXml.Flow("f2", "lookup", "end") + BpmnXml.Flow("f3", "notFound", "manual"),
            rootElements: """<bpmn:error id="e1" errorCode="NOT_FOUND" />""");
        Assert.Equal("manual", Assert.Single(s.UserTasks).ElementId);
    }

    [Fact]
    public void Unhandled_bpmn_error_raises_an_incident_naming_the_code()
    {
        Runtime.RegisterJobHandler("check", _ => throw new Runtime.BpmnErrorException("REJECTED", "no"));
        var s = Run("""<bpmn:startEvent id="start" />""" + BpmnXml.ServiceTask("lookup", "check") + """<bpmn:endEvent id="end" />"""
            + BpmnXml.Flow("f1", "start", "lookup") + BpmnXml.Flow("f2", "lookup", "end"));
        var incident = Assert.Single(s.Incidents);
        Assert.Equal("UnhandledError", incident.Kind);
        Assert.Contains("'REJECTED'", incident.Message);
    }

    [Fact]
    public void Error_end_event_in_subprocess_is_caught_on_the_subprocess_boundary()
    {
        var s = Run("""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="sub">
              <bpmn:startEvent id="s1" /><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:endEvent>
              <bpmn:sequenceFlow id="i1" sourceRef="s1" targetRef="fail" />
            </bpmn:subProcess>
            <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:boundaryEvent>
            <bpmn:endEvent id="ok" /><bpmn:userTask id="handle" />
            """ + BpmnXml.Flow("f1", "start", "sub") + BpmnXml.Flow("f2", "sub", "ok") + BpmnXml.Flow("f3", "caught", "handle"),
            rootElements: """<bpmn:error id="e1" errorCode="INVALID" />""");
        Assert.Equal("handle", Assert.Single(s.UserTasks).ElementId);
    }

    [Fact]
    public void Terminate_end_event_ends_all_parallel_branches()
    {
        var s = Run("""
            <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
            <bpmn:userTask id="a" /><bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            """ + BpmnXml.Flow("f1", "start", "fork") + BpmnXml.Flow("f2", "fork", "a") + BpmnXml.Flow("f3", "fork", "kill"));
        Assert.Equal(InstanceStatus.Terminated, s.Status);
        Assert.Empty(s.UserTasks);
    }
}
