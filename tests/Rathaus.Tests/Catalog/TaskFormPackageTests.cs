using System.Text.Json.Nodes;
using Rathaus.CatalogModule;
using Rathaus.Forms;
using Rathaus.Tests.Portal;

namespace Rathaus.Tests.Catalog;

/// <summary>Task forms in service packages (forms/&lt;key&gt;.json) and the form keys of user tasks, read without a database.</summary>
public sealed class TaskFormPackageTests
{
    private static string ProcessWithForm(string processId, string formKey) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="defs_{processId}" targetNamespace="http://rathaus.example/bpmn">
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen"><bpmn:extensionElements>
              <zeebe:formDefinition formKey="{formKey}" /><zeebe:assignmentDefinition candidateGroups="ordnungsamt" />
            </bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static JsonObject TaskForm(string key, params JsonObject[] fields) => new()
    {
        ["id"] = key,
        ["version"] = "1.0.0",
        ["title"] = TestPackage.Text("Prüfung", "Check"),
        ["pages"] = new JsonArray(new JsonObject
        {
            ["id"] = "aufgabe",
            ["title"] = TestPackage.Text("Prüfung", "Check"),
            ["groups"] = new JsonArray(new JsonObject
            {
                ["id"] = "pruefung",
                ["title"] = TestPackage.Text("Ergebnis", "Result"),
                ["fields"] = new JsonArray(fields),
            }),
        }),
    };

    private static JsonObject Field(string id, string kind) => new() { ["id"] = id, ["kind"] = kind, ["label"] = TestPackage.Text(id, id) };

    [Fact]
    public void A_task_form_named_by_a_user_task_is_read_with_the_package_and_counts_in_its_hash()
    {
        var package = new TestPackage("formular-da");
        package.Files["process.bpmn"] = ProcessWithForm("formular_da", "pruefung");
        package.Files["forms/pruefung.json"] = TaskForm("pruefung", Field("inOrdnung", "yesno")).ToJsonString();

        var read = ServicePackageReader.Read(package.WriteFolder());
        package.Files["forms/pruefung.json"] = TaskForm("pruefung", Field("inOrdnung", "yesno"), Field("vermerk", "multiline")).ToJsonString();
        var changed = ServicePackageReader.Read(package.WriteZip());

        Assert.Equal(["pruefung"], read.TaskForms.Keys);
        Assert.Equal("pruefung", FormDefinition.Parse(read.TaskForms["pruefung"]).Id);
        Assert.NotEqual(read.Sha256, changed.Sha256);
    }

    [Fact]
    public void A_user_task_whose_form_is_not_in_the_package_is_refused_naming_the_task()
    {
        var package = new TestPackage("formular-fehlt");
        package.Files["process.bpmn"] = ProcessWithForm("formular_fehlt", "entscheidung");

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("process.bpmn", problem.File);
        Assert.Equal("userTask pruefen", problem.Location);
        Assert.Contains("names the form 'entscheidung' (task \"Antrag prüfen\"), but the package has no forms/entscheidung.json", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_form_is_checked_strictly_and_every_problem_names_its_file_and_path()
    {
        var package = new TestPackage("formular-falsch");
        package.Files["process.bpmn"] = ProcessWithForm("formular_falsch", "pruefung");
        var form = TaskForm("anders", Field("application", "text"), Field("nachweis", "file"), Field("lable", "yesno"));
        form["pages"]![0]!["groups"]![0]!["fields"]![2]!["lable"] = "x";
        package.Files["forms/pruefung.json"] = form.ToJsonString();
        package.Files["forms/Gross.json"] = "{}";

        var error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));

        Assert.Contains(error.Problems, p => p.File == "forms/Gross.json" && p.Message.Contains("not a valid task form name", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.File == "process.bpmn");

        package.Files.Remove("forms/Gross.json");
        error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));
        Assert.Contains(error.Problems, p => p.File == "forms/pruefung.json" && p.Location!.Contains("lable", StringComparison.Ordinal));

        form["pages"]![0]!["groups"]![0]!["fields"]!.AsArray().RemoveAt(2);
        package.Files["forms/pruefung.json"] = form.ToJsonString();
        error = Assert.Throws<ServicePackageException>(() => ServicePackageReader.Read(package.WriteFolder()));
        Assert.Contains(error.Problems, p => p.File == "forms/pruefung.json" && p.Location == "$.id" && p.Message.Contains("'anders'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.File == "forms/pruefung.json" && p.Location == "pruefung.application" && p.Message.Contains("'application'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.File == "forms/pruefung.json" && p.Location == "pruefung.nachweis" && p.Message.Contains("file field", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_field_of_a_task_form_becomes_a_process_variable_and_an_empty_or_hidden_one_is_null()
    {
        var form = FormDefinition.Parse(TaskForm("pruefung", Field("inOrdnung", "yesno"), Field("vermerk", "multiline")).ToJsonString());

        var variables = TaskForms.Variables(form, new JsonObject { ["pruefung"] = new JsonObject { ["inOrdnung"] = false } });

        Assert.Equal("""{"inOrdnung":false,"vermerk":null}""", variables.ToJsonString());
    }

    [Theory]
    [InlineData("handwerkerparkausweis", "pruefung", "voraussetzungenErfuellt")]
    [InlineData("brauchtumsfeuer", "pruefung", "feuerUntersagt")]
    [InlineData("gartenwasserzaehler", "plausibilitaet", "plausibel")]
    [InlineData("bauantrag", "vollstaendigkeit", "bauvorlagenVollstaendig")]
    public void The_shipped_check_tasks_have_forms_that_set_the_variable_their_gateway_reads(string serviceId, string formKey, string variable)
    {
        var package = ServicePackageReader.Read(Path.Combine(ShippedServices.Root, serviceId));

        var form = FormDefinition.Parse(package.TaskForms[formKey]);

        Assert.Contains($"formKey=\"{formKey}\"", package.ProcessXml, StringComparison.Ordinal);
        Assert.Contains("=" + variable + " = ", package.ProcessXml, StringComparison.Ordinal);
        Assert.Contains(form.Fields, f => f.Id == variable && f.Kind == FormFieldKind.YesNo && f.Required);
    }
}
