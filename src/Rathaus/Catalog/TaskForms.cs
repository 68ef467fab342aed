using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rathaus.Bpmn.Model;
using Rathaus.Forms;

namespace Rathaus.CatalogModule;

/// <summary>
/// Task forms (Aufgabenformulare) of a service package: <c>forms/&lt;key&gt;.json</c> in the form format of
/// docs/forms.md. A user task names its form with <c>&lt;zeebe:formDefinition formKey="&lt;key&gt;"/&gt;</c> (or
/// <c>camunda:formKey</c>); the workbench renders it, validates the caseworker's input with the same rules and
/// completes the task with the form's fields as process variables (<see cref="Variables"/>).
/// </summary>
public static partial class TaskForms
{
    public const string Folder = "forms/";

    /// <summary>Variables every case's process has (docs/casework.md); a task form must not overwrite them.</summary>
    public static readonly IReadOnlyList<string> ReservedVariables = ["application", "case"];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex KeyPattern();

    /// <summary>The key of a package path <c>forms/&lt;key&gt;.json</c>; null when the path is no valid task form name.</summary>
    public static string? KeyOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(Folder, StringComparison.Ordinal) || !path.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }
        var key = path[Folder.Length..^".json".Length];
        return KeyPattern().IsMatch(key) ? key : null;
    }

    /// <summary>Every problem of one task form, each with its JSON path; empty when it may be installed.</summary>
    public static IReadOnlyList<PackageProblem> Check(string key, string json)
    {
        ArgumentNullException.ThrowIfNull(key);
        var file = Folder + key + ".json";
        FormDefinition form;
        try
        {
            form = FormDefinition.Parse(json);
        }
        catch (FormDefinitionException e)
        {
            return e.Problems.Select(p => new PackageProblem(file, p.Path, p.Message)).ToList();
        }

        var problems = new List<PackageProblem>();
        if (form.Id != key)
        {
            problems.Add(new PackageProblem(file, "$.id", $"'{form.Id}' differs from the form key '{key}' of the file name."));
        }
        foreach (var field in form.Fields.Where(f => f.Kind == FormFieldKind.File))
        {
            problems.Add(new PackageProblem(file, $"{field.Group.Id}.{field.Id}",
                "is a file field; a task form has none (documents the administration writes come from notices, the applicant's from the application)."));
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, where) in VariableNames(form))
        {
            if (ReservedVariables.Contains(name))
            {
                problems.Add(new PackageProblem(file, where, $"would overwrite the process variable '{name}' every case has; choose another id."));
            }
            else if (!names.TryAdd(name, where))
            {
                problems.Add(new PackageProblem(file, where,
                    $"becomes the process variable '{name}', as {names[name]} does already; each field of a task form sets its own variable."));
            }
        }
        return problems;
    }

    /// <summary>
    /// Every form key of the user tasks in the file's executable processes must name a task form of the package;
    /// a problem per task whose form is missing.
    /// </summary>
    public static IReadOnlyList<PackageProblem> CheckFormKeys(IEnumerable<BpmnProcess> processes, IReadOnlyCollection<string> keys, string processFile)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(keys);
        return processes.SelectMany(p => UserTasks(p.FlowNodes))
            .Where(t => t.Execution.FormKey is { } formKey && !keys.Contains(formKey))
            .Select(t => new PackageProblem(processFile, $"userTask {t.Id}",
                $"names the form '{t.Execution.FormKey}'{(t.Name is null ? "" : $" (task \"{t.Name}\")")}, but the package has no {Folder}{t.Execution.FormKey}.json."))
            .ToList();
    }

    private static IEnumerable<FlowNode> UserTasks(IEnumerable<FlowNode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node.ElementType == "userTask")
            {
                yield return node;
            }
            if (node is BpmnSubProcess sub)
            {
                foreach (var inner in UserTasks(sub.FlowNodes))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// The process variables a completed task form sets: each field of a group that is not repeatable becomes a
    /// variable named by the field id (null when it was left empty or hidden), a repeatable group one variable named
    /// by the group id with the list of its items. <paramref name="data"/> is the validated, normalised data.
    /// </summary>
    public static JsonObject Variables(FormDefinition form, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(data);
        var variables = new JsonObject();
        foreach (var group in form.Groups)
        {
            if (group.Repeatable)
            {
                variables[group.Id] = data[group.Id]?.DeepClone() ?? new JsonArray();
                continue;
            }
            var values = data[group.Id] as JsonObject;
            foreach (var field in group.Fields)
            {
                variables[field.Id] = values?[field.Id]?.DeepClone();
            }
        }
        return variables;
    }

    private static IEnumerable<(string Name, string Where)> VariableNames(FormDefinition form) =>
        form.Groups.SelectMany(g => g.Repeatable
            ? [(g.Id, g.Id)]
            : g.Fields.Select(f => (f.Id, $"{g.Id}.{f.Id}")));
}
