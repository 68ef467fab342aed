using System.Text.Json;
using System.Text.Json.Nodes;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Portal;

/// <summary>The service packages shipped in <c>services/</c>, with their examples.</summary>
internal static class ShippedServices
{
    public static string Root { get; } = FindRoot();

    /// <summary>Ids of the packages that take online applications (a department's internal procedure has a form too, but takes none).</summary>
    public static IReadOnlyList<string> WithForms() =>
        Directory.GetDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, "form.json"))
                && JsonNode.Parse(File.ReadAllText(Path.Combine(d, "service.json")))!["onlineApplication"]!.GetValue<bool>())
            .Select(Path.GetFileName).OrderBy(x => x).ToList()!;

    public static JsonObject Valid(string serviceId) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, serviceId, "examples", "valid.json")))!.AsObject();

    /// <summary>The invalid examples: the data and the errors (path, code) each must produce.</summary>
    public static IEnumerable<(string Name, JsonObject Data, IReadOnlyList<(string Path, string Code)> Errors)> Invalid(string serviceId) =>
        Directory.GetFiles(Path.Combine(Root, serviceId, "examples"), "invalid-*.json").Order().Select(file =>
        {
            var example = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var errors = example["errors"]!.AsArray().Select(e => (e!["path"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
            return (Path.GetFileName(file), example["data"]!.AsObject(), (IReadOnlyList<(string, string)>)errors);
        });

    /// <summary>
    /// Replaces the example's file references by real uploads: returns the data without them and one small PDF per
    /// reference, keyed by the file field's path.
    /// </summary>
    public static (JsonObject Data, IReadOnlyList<UploadFile> Files) WithUploads(JsonObject example)
    {
        var data = example.DeepClone().AsObject();
        var files = new List<UploadFile>();
        Walk(data, "", files);
        return (data, files);
    }

    private static void Walk(JsonNode? node, string path, List<UploadFile> files)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonArray list && list.Count > 0 && list.All(r => r is JsonObject ro && ro.ContainsKey("contentType")))
                    {
                        var fieldPath = path.Length == 0 ? key : path + "." + key;
                        files.AddRange(list.Select(r => new UploadFile(fieldPath, r!["name"]!.GetValue<string>(), SampleFiles.Pdf(), "application/pdf")));
                        o[key] = new JsonArray();
                    }
                    else
                    {
                        Walk(value, path.Length == 0 ? key : path + "." + key, files);
                    }
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Walk(items[i], $"{path}[{i}]", files);
                }
                break;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rathaus.slnx")))
            {
                return Path.Combine(dir.FullName, "services");
            }
        }
        throw new InvalidOperationException("The repository root (Rathaus.slnx) was not found above " + AppContext.BaseDirectory);
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
