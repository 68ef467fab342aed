using System.Text;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Validation;

/// <summary>The check result of one process.</summary>
/// <param name="ProcessId">Process id.</param>
/// <param name="Name">Process name.</param>
/// <param name="MarkedExecutable">The isExecutable attribute.</param>
/// <param name="Problems">Everything the engine does not support or refuses.</param>
public sealed record ProcessCheck(string ProcessId, string? Name, bool MarkedExecutable, IReadOnlyList<BpmnProblem> Problems)
{
    /// <summary>True when the engine can deploy and run the process (no errors).</summary>
    public bool Executable => Problems.All(p => p.Severity != ProblemSeverity.Error);
}

/// <summary>The check result of a whole file.</summary>
/// <param name="Processes">One entry per process.</param>
/// <param name="FileProblems">Problems outside processes (unknown root elements).</param>
public sealed record CheckReport(IReadOnlyList<ProcessCheck> Processes, IReadOnlyList<BpmnProblem> FileProblems)
{
    /// <summary>A plain-text rendering for the command line and logs.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        foreach (var p in Processes)
        {
            sb.Append("process ").Append(p.ProcessId);
            if (p.Name is not null)
            {
                sb.Append(" \"").Append(p.Name).Append('"');
            }

            sb.Append(": ").Append(p.Executable ? "executable" : "not executable")
                .Append(p.MarkedExecutable ? string.Empty : " (isExecutable=false)").Append('\n');
            foreach (var problem in p.Problems)
            {
                sb.Append("  ").Append(problem).Append('\n');
            }
        }

        foreach (var problem in FileProblems)
        {
            sb.Append(problem).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>Reports for each process whether it is executable and every unsupported element or attribute.</summary>
public static class ModelChecker
{
    /// <summary>Checks every process of the model.</summary>
    public static CheckReport Check(BpmnDefinitions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var processes = model.Processes.Select(p => new ProcessCheck(p.Id, p.Name, p.IsExecutable, new ProcessRules(model, p).Run())).ToList();
        var fileProblems = model.UnknownElements
            .Select(e => new BpmnProblem(ProblemSeverity.Warning, $"{e.ElementType} not supported", e.Id, e.ElementType, e.Position.Line, e.Position.Column))
            .ToList();
        return new CheckReport(processes, fileProblems);
    }
}

/// <summary>The `bpmn check` command: prints the check report of a file.</summary>
public static class BpmnCheckCommand
{
    /// <summary>Returns 0 when the file is a readable BPMN model (unsupported elements are reported, not fatal), 2 when it cannot be read.</summary>
    public static int Run(string path, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        BpmnDefinitions model;
        try
        {
            model = BpmnParser.ParseFile(path);
        }
        catch (BpmnParseException ex)
        {
            output.WriteLine($"{path}: cannot be read");
            foreach (var p in ex.Problems)
            {
                output.WriteLine("  " + p);
            }

            return 2;
        }
        catch (IOException ex)
        {
            output.WriteLine($"{path}: cannot be read: {ex.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException ex)
        {
            output.WriteLine($"{path}: cannot be read: {ex.Message}");
            return 2;
        }

        output.WriteLine($"{path}: {model.Processes.Count} process(es), exporter {model.Exporter ?? "unknown"}");
        output.Write(ModelChecker.Check(model).Render());
        return 0;
    }
}
