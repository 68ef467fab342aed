using Rathaus.Bpmn.Execution;
using Rathaus.Bpmn.Model;

namespace Rathaus.Bpmn.Validation;

/// <summary>Thrown when a process cannot be deployed; lists every problem.</summary>
public sealed class ProcessDeploymentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcessDeploymentException()
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProcessDeploymentException(string message)
        : base(message)
    {
        Problems = [new BpmnProblem(ProblemSeverity.Error, message)];
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ProcessDeploymentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new BpmnProblem(ProblemSeverity.Error, message)];
    }

    /// <summary>Creates the exception with the problems found.</summary>
    public ProcessDeploymentException(IReadOnlyList<BpmnProblem> problems)
        : base("The process cannot be deployed: " + string.Join("; ", problems?.Select(p => p.ToString()) ?? []))
    {
        Problems = problems ?? [];
    }

    /// <summary>The errors that prevent deployment.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; }
}

/// <summary>Validates processes for deployment and builds their executable form.</summary>
public static class ProcessDeployer
{
    /// <summary>Returns all problems of one process (errors prevent deployment), or of every executable process when id is null.</summary>
    public static IReadOnlyList<BpmnProblem> Validate(BpmnDefinitions definitions, string? processId = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var processes = processId is null
            ? definitions.Processes.Where(p => p.IsExecutable || definitions.Processes.Count == 1).ToList()
            : definitions.Processes.Where(p => p.Id == processId).ToList();
        if (processes.Count == 0)
        {
            return [new BpmnProblem(ProblemSeverity.Error, processId is null ? "the file contains no executable process" : $"process {processId} not found", processId, "process")];
        }

        return processes.SelectMany(p => new ProcessRules(definitions, p).Run()).ToList();
    }

    /// <summary>Validates and builds the executable process; throws <see cref="ProcessDeploymentException"/> listing all errors.</summary>
    public static DeployedProcess Deploy(BpmnDefinitions definitions, string processId, int version)
    {
        var errors = Validate(definitions, processId).Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ProcessDeploymentException(errors);
        }

        return new DeployedProcess(definitions, definitions.FindProcess(processId)!, version);
    }
}
