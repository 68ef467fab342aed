using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Rathaus.Tests.Catalog;

/// <summary>A small service package written by a test into a temporary folder or zip.</summary>
internal sealed class TestPackage
{
    public TestPackage(string id, string version = "1.0.0", string topic = "umwelt", string department = "ordnungsamt",
        string jurisdiction = "gemeinde", bool online = true)
    {
        Service = new JsonObject
        {
            ["id"] = id,
            ["version"] = version,
            ["leikaKey"] = "99108001001000",
            ["name"] = Text($"Testleistung {id}", $"Test service {id}"),
            ["summary"] = Text($"Kurzbeschreibung von {id}.", $"Summary of {id}."),
            ["description"] = Text("Wer, was, wann.\n\nZweiter Absatz.", "Who, what, when.\n\nSecond paragraph."),
            ["topic"] = topic,
            ["keywords"] = new JsonObject { ["de"] = new JsonArray("Stichwort"), ["en"] = new JsonArray("keyword") },
            ["department"] = department,
            ["jurisdiction"] = jurisdiction,
            ["assuranceLevel"] = "none",
            ["fees"] = new JsonArray(),
            ["evidence"] = new JsonArray(),
            ["processingDays"] = 14,
            ["legalBasis"] = new JsonArray(),
            ["retentionYears"] = 10,
            ["caseReferenceCode"] = "TEST",
            ["onlineApplication"] = online,
        };
        if (online)
        {
            Files["form.json"] = Form(id, version);
            Files["process.bpmn"] = Process(id.Replace('-', '_'), "ordnungsamt");
            Files["templates/receipt.de.hbs"] = "# Eingang bestätigt: {{case.reference}}";
        }
    }

    public JsonObject Service { get; }

    /// <summary>A one-field form as <c>Rathaus.Forms</c> reads it.</summary>
    public static string Form(string id, string version = "1.0.0") => new JsonObject
    {
        ["id"] = id,
        ["version"] = version,
        ["title"] = Text("Antrag", "Application"),
        ["pages"] = new JsonArray(new JsonObject
        {
            ["id"] = "antrag",
            ["title"] = Text("Antrag", "Application"),
            ["groups"] = new JsonArray(new JsonObject
            {
                ["id"] = "person",
                ["title"] = Text("Person", "Person"),
                ["fields"] = new JsonArray(new JsonObject { ["id"] = "name", ["kind"] = "text", ["label"] = Text("Name", "Name"), ["required"] = true }),
            }),
        }),
    }.ToJsonString();

    /// <summary>Every file but service.json, by package path.</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public static JsonObject Text(string de, string en) => new() { ["de"] = de, ["en"] = en };

    /// <summary>start → user task for the group → end.</summary>
    public static string Process(string processId, string group) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="defs_{processId}" targetNamespace="http://rathaus.example/bpmn">
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="{group}" /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public TestPackage Set(string property, JsonNode? value)
    {
        Service[property] = value;
        return this;
    }

    public IEnumerable<(string Path, string Content)> All() =>
        Files.Select(f => (f.Key, f.Value)).Prepend(("service.json", Service.ToJsonString()));

    public string WriteFolder()
    {
        var folder = Directory.CreateTempSubdirectory("rathaus-package-").FullName;
        foreach (var (path, content) in All())
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content, new UTF8Encoding(false));
        }
        return folder;
    }

    /// <summary>A zip of the package; <paramref name="topFolder"/> puts every file into one folder as zipping the folder does.</summary>
    public string WriteZip(string? topFolder = null, IEnumerable<(string Path, string Content)>? extra = null)
    {
        var zip = Path.Combine(Directory.CreateTempSubdirectory("rathaus-zip-").FullName, "package.zip");
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var (path, content) in All().Concat(extra ?? []))
        {
            var entry = archive.CreateEntry(topFolder is null ? path : $"{topFolder}/{path}");
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
        return zip;
    }
}
