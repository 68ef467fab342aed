using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Uploads;

/// <summary>What citizens may upload as evidence (Nachweise).</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>Media types accepted, recognised by their content: a subset of <see cref="FileTypes.Known"/>;
    /// empty means all of them (a default list here would be appended to, not replaced, by configuration).</summary>
    public List<string> AllowedTypes { get; set; } = [];

    /// <summary>The types accepted after defaults.</summary>
    public IReadOnlyList<string> EffectiveAllowedTypes => AllowedTypes.Count == 0 ? FileTypes.Known : AllowedTypes;

    /// <summary>Largest single file, in bytes (default 10 MiB).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most files one case (application) may carry.</summary>
    public int MaxFilesPerCase { get; set; } = 20;

    /// <summary>Most bytes all files of one case may have together (default 50 MiB).</summary>
    public long MaxBytesPerCase { get; set; } = 50 * 1024 * 1024;
}

internal sealed class UploadOptionsValidation : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        var failures = new List<string>();
        foreach (var type in options.AllowedTypes.Where(t => !FileTypes.Known.Contains(t)))
        {
            failures.Add($"Setting 'Uploads:AllowedTypes' names '{type}', which Rathaus cannot recognise; known: {string.Join(", ", FileTypes.Known)}.");
        }
        if (options.MaxFileBytes < 1)
        {
            failures.Add("Setting 'Uploads:MaxFileBytes' must be at least 1.");
        }
        if (options.MaxFilesPerCase < 1)
        {
            failures.Add("Setting 'Uploads:MaxFilesPerCase' must be at least 1.");
        }
        if (options.MaxBytesPerCase < options.MaxFileBytes)
        {
            failures.Add("Setting 'Uploads:MaxBytesPerCase' must be at least 'Uploads:MaxFileBytes'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
