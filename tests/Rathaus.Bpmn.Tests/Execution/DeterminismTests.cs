using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Validation;

namespace Rathaus.Bpmn.Tests.Execution;

public class DeterminismTests
{
    [Fact]
    public void Same_commands_with_same_ids_and_clock_give_identical_states_and_effects()
    {
        var xml = BpmnXml.Definitions("""<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />"""
            + BpmnXml.UserTask("a") + BpmnXml.ServiceTask("b", "job")
            + """<bpmn:boundaryEvent id="late" attachedToRef="a" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"""
            + BpmnXml.Flow("f1", "start", "fork") + BpmnXml.Flow("f2", "fork", "a") + BpmnXml.Flow("f3", "fork", "b"));
        var process = ProcessDeployer.Deploy(BpmnParser.Parse(xml), "p", 1);

        string RunOnce()
        {
            var clock = new ManualTimeProvider(new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero));
            var engine = new ProcessEngine(new SequentialIdGenerator(), clock);
            var started = engine.Start(process, new StartInstance { Variables = new() { ["x"] = 1 } });
            clock.Now = clock.Now.AddHours(1);
            var next = engine.Apply(process, started.State, new CompleteJob(started.State.Jobs[0].Id, new() { ["y"] = 2 }));
            return next.State.ToJson() + string.Join("|", started.Effects.Concat(next.Effects).Select(e => e.ToString()));
        }

        var first = RunOnce();
        Assert.Equal(first, RunOnce());
        Assert.Contains("TimerScheduled", first);
    }
}
