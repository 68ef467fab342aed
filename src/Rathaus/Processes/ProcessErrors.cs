using Rathaus.Bpmn;

namespace Rathaus.Processes;

/// <summary>Why a process command was refused; the HTTP API maps it to a status code.</summary>
public enum ProcessErrorKind
{
    /// <summary>The definition, instance, task, incident or job does not exist in this tenant (404).</summary>
    NotFound,

    /// <summary>The command does not fit the current state, e.g. a task completed twice (409).</summary>
    Conflict,

    /// <summary>The signed-in person may not do this (403).</summary>
    Forbidden,

    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
}

/// <summary>A command users can cause to fail; nothing was changed.</summary>
public sealed class ProcessCommandException : Exception
{
    public ProcessCommandException()
    {
    }

    public ProcessCommandException(string message)
        : base(message)
    {
    }

    public ProcessCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProcessCommandException(ProcessErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ProcessErrorKind Kind { get; } = ProcessErrorKind.Conflict;
}

/// <summary>A BPMN file that cannot be deployed, with every problem and its element id; nothing was stored.</summary>
public sealed class DeploymentRefusedException : Exception
{
    public DeploymentRefusedException()
    {
        Problems = [];
    }

    public DeploymentRefusedException(string message)
        : base(message)
    {
        Problems = [new BpmnProblem(ProblemSeverity.Error, message)];
    }

    public DeploymentRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new BpmnProblem(ProblemSeverity.Error, message)];
    }

    public DeploymentRefusedException(IReadOnlyList<BpmnProblem> problems)
        : base("The BPMN file cannot be deployed: " + string.Join("; ", problems?.Select(p => p.ToString()) ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<BpmnProblem> Problems { get; }
}
