using Microsoft.Extensions.Options;

namespace Rathaus.Platform.Blobs;

/// <summary>Where documents are stored.</summary>
public sealed class BlobOptions
{
    public const string Section = "Blobs";

    /// <summary>Root folder of the file-system blob store; relative paths are taken from the content root.
    /// <c>./rathaus run</c> sets <c>./data/blobs</c>. Several nodes share it (e.g. over NFS).</summary>
    public string Path { get; set; } = "data/blobs";
}

internal sealed class BlobOptionsValidation(IHostEnvironment environment) : IValidateOptions<BlobOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail("Setting 'Blobs:Path' is missing: give the folder where uploaded documents are stored.");
        }
        var root = FileSystemBlobStore.RootFolder(options, environment);
        try
        {
            // Create the folder and prove that this process may write there, so a wrong mount stops the start
            // instead of the first citizen's upload.
            FileSystemBlobStore.PrepareRoot(root);
            var probe = System.IO.Path.Combine(root, FileSystemBlobStore.TempFolder, "write-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"Setting 'Blobs:Path' names a folder that cannot be written: '{root}' ({e.Message}).");
        }
    }
}
