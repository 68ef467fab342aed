using Microsoft.Extensions.Options;

namespace Rathaus.Processes;

/// <summary>
/// Settings of the job executor (<c>Processes:JobExecutor</c>). Retries of a service task come from the model
/// (<c>zeebe:taskDefinition retries</c>, default 3); the back-off between them from here.
/// </summary>
public sealed class JobExecutorOptions
{
    public const string Section = "Processes:JobExecutor";

    /// <summary>Whether this node runs jobs at all (a node may serve only web requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Written into the lock of every job this node takes; unique per node.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Jobs locked per acquisition.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Jobs of one batch run at the same time.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Wait between acquisitions when the last one found less than a full batch.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a job stays locked to this node; after that another node takes it over (crashed node).</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Back-off after the first failed attempt; doubled for each further one.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest back-off.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts to fire a timer whose command fails (a timer has no model retries).</summary>
    public int TimerRetries { get; set; } = 3;

    /// <summary>Attempts to commit a result when other commands changed the instance at the same time.</summary>
    public int CommitAttempts { get; set; } = 10;
}

internal sealed class JobExecutorOptionsValidation : IValidateOptions<JobExecutorOptions>
{
    public ValidateOptionsResult Validate(string? name, JobExecutorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.NodeId) || options.NodeId.Length > 200)
        {
            failures.Add($"{JobExecutorOptions.Section}:NodeId must be a name of 1 to 200 characters.");
        }
        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{JobExecutorOptions.Section}:BatchSize must be between 1 and 1000.");
        }
        if (options.MaxConcurrency is < 1 or > 256)
        {
            failures.Add($"{JobExecutorOptions.Section}:MaxConcurrency must be between 1 and 256.");
        }
        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{JobExecutorOptions.Section}:PollInterval must be positive.");
        }
        if (options.LockDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{JobExecutorOptions.Section}:LockDuration must be at least one second.");
        }
        if (options.BackoffBase <= TimeSpan.Zero || options.BackoffMax < options.BackoffBase)
        {
            failures.Add($"{JobExecutorOptions.Section}:BackoffBase must be positive and BackoffMax at least as long.");
        }
        if (options.TimerRetries is < 1 or > 100 || options.CommitAttempts is < 1 or > 100)
        {
            failures.Add($"{JobExecutorOptions.Section}:TimerRetries and CommitAttempts must be between 1 and 100.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
