using Rathaus.Bpmn.Model;
using Rathaus.Bpmn.Validation;

namespace Rathaus.Bpmn.Tests;

public class CheckAndDeployTests
{
    private const string Problematic = """
        <bpmn:startEvent id="start" />
        <bpmn:scriptTask id="script" scriptFormat="groovy"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
        <bpmn:exclusiveGateway id="gw" />
        <bpmn:serviceTask id="noType" />
        <bpmn:complexGateway id="complex" />
        <bpmn:userTask id="t" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="script" />
        <bpmn:sequenceFlow id="f2" sourceRef="script" targetRef="gw" />
        <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="noType"><bpmn:conditionExpression>=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="complex" />
        <bpmn:sequenceFlow id="f5" sourceRef="complex" targetRef="t" />
        <bpmn:sequenceFlow id="f6" sourceRef="t" targetRef="ghost" />
        """;

    [Fact]
    public void Validation_lists_every_problem_with_its_element_id()
    {
        var problems = ProcessDeployer.Validate(BpmnParser.Parse(BpmnXml.Definitions(Problematic)), "p")
            .Where(p => p.Severity == ProblemSeverity.Error).ToList();
        Assert.Contains(problems, p => p.ElementId == "script" && p.Message.Contains("script tasks are refused at deployment"));
        Assert.Contains(problems, p => p.ElementId == "gw" && p.Message.Contains("exclusive gateway flow f4 without condition and not default"));
        Assert.Contains(problems, p => p.ElementId == "f3" && p.Message.StartsWith("expression does not parse"));
        Assert.Contains(problems, p => p.ElementId == "noType" && p.Message == "service task without task type");
        Assert.Contains(problems, p => p.ElementId == "complex" && p.Message == "complexGateway not supported");
        Assert.Contains(problems, p => p.ElementId == "f6" && p.Message == "dangling sequence flow targetRef ghost");
        Assert.All(problems, p => Assert.True(p.Line > 0));

        var ex = Assert.Throws<ProcessDeploymentException>(() => ProcessDeployer.Deploy(BpmnParser.Parse(BpmnXml.Definitions(Problematic)), "p", 1));
        Assert.Equal(problems.Count, ex.Problems.Count);
    }

    [Fact]
    public void Unsupported_element_off_the_executable_path_is_only_a_warning()
    {
        var model = BpmnParser.Parse(BpmnXml.Definitions("""
            <bpmn:startEvent id="start" /><bpmn:endEvent id="end" /><bpmn:complexGateway id="orphan" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            """));
        var check = Assert.Single(ModelChecker.Check(model).Processes);
        Assert.True(check.Executable);
        Assert.Contains(check.Problems, p => p.ElementId == "orphan" && p.Severity == ProblemSeverity.Warning);
    }

    [Fact]
    public void Check_report_renders_executability_and_reasons()
    {
        var report = ModelChecker.Check(BpmnParser.Parse(BpmnXml.Definitions(Problematic)));
        var text = report.Render();
        Assert.Contains("process p: not executable", text);
        Assert.Contains("[scriptTask script]", text);
        Assert.Contains("complexGateway not supported", text);
    }

    [Fact]
    public void Check_command_returns_0_for_readable_files_and_2_for_unreadable()
    {
        var good = Path.Combine(RepositoryPaths.BpmnCorpus, "reference", "C.1.0.bpmn");
        using var output = new StringWriter();
        Assert.Equal(0, BpmnCheckCommand.Run(good, output));
        Assert.Contains("process", output.ToString());

        var bad = Path.GetTempFileName();
        try
        {
            File.WriteAllText(bad, "<not-closed>");
            using var badOutput = new StringWriter();
            Assert.Equal(2, BpmnCheckCommand.Run(bad, badOutput));
            Assert.Contains("cannot be read", badOutput.ToString());
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void Check_command_reads_every_corpus_file()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.BpmnCorpus, "*.bpmn", SearchOption.AllDirectories))
        {
            using var output = new StringWriter();
            Assert.Equal(0, BpmnCheckCommand.Run(file, output));
        }
    }

    [Fact]
    public void Camunda_7_attributes_are_read_as_execution_settings()
    {
        var model = BpmnParser.Parse(BpmnXml.Definitions("""
            <bpmn:userTask id="t" camunda:assignee="demo" camunda:candidateGroups="bauamt,ordnungsamt" camunda:formKey="embedded:app:form.html">
              <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">${amount}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:serviceTask id="s" camunda:type="external" camunda:topic="rathaus:notice" />
            """));
        var t = (Model.BpmnActivity)model.ElementsById["t"];
        Assert.Equal("demo", t.Execution.Assignee);
        Assert.Equal("bauamt,ordnungsamt", t.Execution.CandidateGroups);
        Assert.Equal("embedded:app:form.html", t.Execution.FormKey);
        Assert.Equal(new VariableMapping("=amount", "x"), Assert.Single(t.Execution.Inputs));
        Assert.Equal("rathaus:notice", ((Model.BpmnActivity)model.ElementsById["s"]).Execution.TaskType);
    }
}
