using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Tests.Execution;

public class BasicFlowTests : EngineTestBase
{
    [Fact]
    public void None_start_to_none_end_completes_the_instance()
    {
        var s = Run("""<bpmn:startEvent id="start" /><bpmn:manualTask id="m" /><bpmn:endEvent id="end" />"""
            + BpmnXml.Flow("f1", "start", "m") + BpmnXml.Flow("f2", "m", "end"), Vars("""{"a": 1}"""));
        Assert.Equal(InstanceStatus.Completed, s.Status);
        Assert.Equal(["p", "start", "m", "end"], EnteredElements(s.InstanceId));
        Assert.Equal(1, s.Variables["a"]!.GetValue<int>());
    }

    [Fact]
    public void User_task_is_opened_with_candidate_groups_and_form_key_and_completion_sets_variables()
    {
        var s = Run("""<bpmn:startEvent id="start" />"""
            + BpmnXml.UserTask("review", "ordnungsamt, buergeramt", """<zeebe:formDefinition formKey="hunde-form" />""")
            + """<bpmn:endEvent id="end" />""" + BpmnXml.Flow("f1", "start", "review") + BpmnXml.Flow("f2", "review", "end"));
        var task = Assert.Single(Runtime.OpenUserTasks(s.InstanceId));
        Assert.Equal("review", task.ElementId);
        Assert.Equal(["ordnungsamt", "buergeramt"], task.CandidateGroups);
        Assert.Equal("hunde-form", task.FormKey);
        Assert.Equal(T0, task.CreatedAt);

        Runtime.CompleteUserTask(task.Id, Vars("""{"approved": true}"""));
        var done = State(s);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.True(done.Variables["approved"]!.GetValue<bool>());
    }

    [Fact]
    public void Assigning_a_user_task_changes_only_its_assignee_and_moves_the_revision()
    {
        var s = Run("""<bpmn:startEvent id="start" />"""
            + BpmnXml.UserTask("review", "ordnungsamt")
            + """<bpmn:endEvent id="end" />""" + BpmnXml.Flow("f1", "start", "review") + BpmnXml.Flow("f2", "review", "end"));
        var task = Assert.Single(Runtime.OpenUserTasks(s.InstanceId));
        var revision = State(s).Revision;

        Runtime.AssignUserTask(task.Id, "anna");
        var claimed = State(s);
        Assert.Equal("anna", Assert.Single(claimed.UserTasks).Assignee);
        Assert.Equal(revision + 1, claimed.Revision);
        Assert.Equal(InstanceStatus.Active, claimed.Status);

        Runtime.AssignUserTask(task.Id, null);
        Assert.Null(Assert.Single(State(s).UserTasks).Assignee);
        Assert.Throws<ProcessEngineException>(() => Runtime.AssignUserTask("task-unknown", "anna"));
    }

    [Fact]
    public void Service_task_runs_its_handler_with_input_mapping_and_output_mapping()
    {
        JsonObject? seen = null;
        Runtime.RegisterJobHandler("rathaus:fee", ctx =>
        {
            seen = ctx.Variables;
            return Vars("""{"fee": 42}""");
        });
        var s = Run("""<bpmn:startEvent id="start" />"""
            + BpmnXml.ServiceTask("calc", "rathaus:fee", """
                <zeebe:ioMapping>
                  <zeebe:input source="=dogs * 2" target="units" />
                  <zeebe:input source="Hundesteuer" target="fee.kind" />
                  <zeebe:output source="=fee + 1" target="totalFee" />
                </zeebe:ioMapping>
                """)
            + """<bpmn:endEvent id="end" />""" + BpmnXml.Flow("f1", "start", "calc") + BpmnXml.Flow("f2", "calc", "end"),
            Vars("""{"dogs": 2}"""));
        Assert.Equal(InstanceStatus.Completed, s.Status);
        Assert.Equal(4, seen!["units"]!.GetValue<decimal>());
        Assert.Equal("Hundesteuer", seen["fee"]!["kind"]!.GetValue<string>());
        Assert.Equal(43m, s.Variables["totalFee"]!.GetValue<decimal>());
        Assert.False(s.Variables.ContainsKey("units"));
    }

    [Fact]
    public void Job_without_handler_stays_open_and_can_be_completed_from_outside()
    {
        var s = Run("""<bpmn:startEvent id="start" />""" + BpmnXml.ServiceTask("send", "rathaus:mail", """<zeebe:taskHeaders><zeebe:header key="template" value="bescheid" /></zeebe:taskHeaders>""")
            + """<bpmn:endEvent id="end" />""" + BpmnXml.Flow("f1", "start", "send") + BpmnXml.Flow("f2", "send", "end"));
        var job = Assert.Single(Runtime.OpenJobs(s.InstanceId));
        Assert.Equal("rathaus:mail", job.Type);
        Assert.Equal(3, job.Retries);
        Assert.Equal("bescheid", job.Headers["template"]);
        Runtime.CompleteJob(job.Id);
        Assert.Equal(InstanceStatus.Completed, State(s).Status);
    }

    [Fact]
    public void Failing_job_uses_its_retries_then_raises_an_incident_that_can_be_resolved()
    {
        var attempts = 0;
        Runtime.RegisterJobHandler("flaky", _ =>
        {
            attempts++;
            if (attempts <= 3)
            {
                throw new InvalidOperationException("registry unreachable");
            }

            return null;
        });
        var s = Run("""<bpmn:startEvent id="start" />""" + BpmnXml.ServiceTask("call", "flaky")
            + """<bpmn:endEvent id="end" />""" + BpmnXml.Flow("f1", "start", "call") + BpmnXml.Flow("f2", "call", "end"));
        var incident = Assert.Single(s.Incidents);
        Assert.Equal("JobFailed", incident.Kind);
        Assert.Contains("registry unreachable", incident.Message);
        Assert.Equal(3, attempts);

        Runtime.ResolveIncident(s.InstanceId, incident.Id);
        var done = State(s);
        Assert.Empty(done.Incidents);
        Assert.Equal(InstanceStatus.Completed, done.Status);
    }

    [Fact]
    public void State_round_trips_through_json_and_continues()
    {
        var s = Run("""<bpmn:startEvent id="start" />""" + BpmnXml.UserTask("t") + """<bpmn:endEvent id="end" />"""
            + BpmnXml.Flow("f1", "start", "t") + BpmnXml.Flow("f2", "t", "end"), Vars("""{"name": "Erika", "nested": {"list": [1, 2]}}"""));
        var json = s.ToJson();
        var copy = ProcessInstanceState.FromJson(json);
        Assert.Equal(json, copy.ToJson());
        Assert.Contains("\"status\":\"Active\"", json);

        var engine = new ProcessEngine(new SequentialIdGenerator(), Clock);
        var result = engine.Apply(Runtime.GetProcess("p"), copy, new CompleteUserTask(copy.UserTasks[0].Id));
        Assert.Equal(InstanceStatus.Completed, result.State.Status);
        Assert.Equal(InstanceStatus.Active, copy.Status);
        Assert.Contains(result.Effects, e => e is InstanceCompleted);
        Assert.Equal(copy.Revision + 1, result.State.Revision);
    }

    [Fact]
    public void Cancelling_an_instance_cancels_its_user_tasks()
    {
        var s = Run("""<bpmn:startEvent id="start" />""" + BpmnXml.UserTask("t") + """<bpmn:endEvent id="end" />"""
            + BpmnXml.Flow("f1", "start", "t") + BpmnXml.Flow("f2", "t", "end"));
        Runtime.Cancel(s.InstanceId);
        var done = State(s);
        Assert.Equal(InstanceStatus.Cancelled, done.Status);
        Assert.Empty(done.UserTasks);
    }
}
