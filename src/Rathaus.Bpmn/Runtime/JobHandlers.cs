using System.Text.Json.Nodes;
using Rathaus.Bpmn.Execution;

namespace Rathaus.Bpmn.Runtime;

/// <summary>What a job handler gets: the job, its variables and headers.</summary>
/// <param name="Job">The job.</param>
/// <param name="InstanceId">The process instance.</param>
public sealed record JobContext(JobState Job, string InstanceId)
{
    /// <summary>The variables visible to the job.</summary>
    public JsonObject Variables => Job.Variables;
}

/// <summary>Executes jobs of one task type (e.g. <c>rathaus:notice</c>).</summary>
public interface IJobHandler
{
    /// <summary>Does the work and returns result variables (or null); throw <see cref="BpmnErrorException"/> for a business error.</summary>
    JsonObject? Handle(JobContext context);
}

/// <summary>A business error thrown by a job handler, caught by boundary error events or error event subprocesses.</summary>
public sealed class BpmnErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BpmnErrorException()
    {
        ErrorCode = string.Empty;
    }

    /// <summary>Creates the exception with an error code as message.</summary>
    public BpmnErrorException(string errorCode)
        : base(errorCode)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public BpmnErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = message;
    }

    /// <summary>Creates the exception with code, message and optional variables.</summary>
    public BpmnErrorException(string errorCode, string message, JsonObject? variables = null)
        : base(message)
    {
        ErrorCode = errorCode;
        Variables = variables;
    }

    /// <summary>The BPMN error code.</summary>
    public string ErrorCode { get; }

    /// <summary>Variables to set with the error.</summary>
    public JsonObject? Variables { get; }
}

/// <summary>Adapts a delegate to <see cref="IJobHandler"/>.</summary>
/// <param name="handle">The delegate.</param>
public sealed class DelegateJobHandler(Func<JobContext, JsonObject?> handle) : IJobHandler
{
    /// <inheritdoc />
    public JsonObject? Handle(JobContext context) => handle(context);
}
