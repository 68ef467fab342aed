using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Validation;

namespace Rathaus.Bpmn.Tests.Execution;

/// <summary>A Camunda Modeler file with Zeebe extensions (Hundeanmeldung) runs end to end.</summary>
public class DogRegistrationTests : EngineTestBase
{
    private static readonly string File = Path.Combine(RepositoryPaths.Root, "tests", "Rathaus.Bpmn.Tests", "Processes", "hundeanmeldung.bpmn");

    private readonly List<JsonObject> _notices = [];

    public DogRegistrationTests()
    {
        Runtime.Deploy(System.IO.File.ReadAllText(File));
        Runtime.RegisterJobHandler("rathaus:validate", ctx => new JsonObject
        {
            ["dangerous"] = ctx.Variables["breed"]!.GetValue<string>() is "Pitbull" or "Staffordshire",
        });
        Runtime.RegisterJobHandler("rathaus:notice", ctx =>
        {
            _notices.Add(new JsonObject { ["template"] = ctx.Job.Headers["template"], ["owner"] = ctx.Variables["owner"]?.DeepClone() });
            return new JsonObject { ["noticeId"] = "B-" + _notices.Count };
        });
    }

    [Fact]
    public void Modeler_file_is_executable_without_errors()
    {
        var model = BpmnParser.ParseFile(File);
        var check = Assert.Single(ModelChecker.Check(model).Processes);
        Assert.True(check.Executable, check.Problems.Count == 0 ? string.Empty : string.Join("\n", check.Problems));
        Assert.Equal(7, model.Diagrams.Single().Shapes.Count);
        Assert.Equal(3, model.Diagrams.Single().Edges.Single(e => e.ElementRef == "Flow_Yes").Waypoints.Count);
    }

    [Fact]
    public void Dangerous_breed_goes_to_the_ordnungsamt_before_the_notice()
    {
        var s = Runtime.StartInstance("hundeanmeldung", Vars("""{"owner": "Erika Mustermann", "dog": {"name": "Rex", "breed": "Pitbull"}}"""));
        var task = Assert.Single(s.UserTasks);
        Assert.Equal("Task_Review", task.ElementId);
        Assert.Equal("Sachkundenachweis prüfen", task.Name);
        Assert.Equal(["ordnungsamt"], task.CandidateGroups);
        Assert.Equal("hund-sachkunde", task.FormKey);
        Assert.True(s.Variables["dangerousBreed"]!.GetValue<bool>());
        Assert.Empty(_notices);

        Runtime.CompleteUserTask(task.Id, Vars("""{"expertiseProven": true}"""));
        var done = State(s);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal("B-1", done.Variables["noticeId"]!.GetValue<string>());
        Assert.Equal("hundesteuer-bescheid", Assert.Single(_notices)["template"]!.GetValue<string>());
        Assert.Equal(
            ["hundeanmeldung", "StartEvent_Antrag", "Task_Validate", "Gateway_Breed", "Task_Review", "Gateway_Merge", "Task_Notice", "EndEvent_Done"],
            EnteredElements(s.InstanceId));
    }

    [Fact]
    public void Ordinary_breed_gets_the_notice_without_a_caseworker()
    {
        var s = Runtime.StartInstance("hundeanmeldung", Vars("""{"owner": "Max Muster", "dog": {"name": "Minka", "breed": "Dackel"}}"""));
        Assert.Equal(InstanceStatus.Completed, s.Status);
        Assert.False(s.Variables["dangerousBreed"]!.GetValue<bool>());
        Assert.Equal("Max Muster", Assert.Single(_notices)["owner"]!.GetValue<string>());
        Assert.DoesNotContain("Task_Review", EnteredElements(s.InstanceId));
    }
}
