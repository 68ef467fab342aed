using Rathaus.Platform.Blobs;

namespace Rathaus.Platform.Uploads;

/// <summary>Files and bytes a case (application, draft) already holds; the limits apply to the sum.</summary>
public readonly record struct CaseUploads(int Files, long Bytes)
{
    public static CaseUploads None => default;

    /// <summary>The totals after adding one more stored file.</summary>
    public CaseUploads Add(BlobRef blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return new CaseUploads(Files + 1, Bytes + blob.Size);
    }
}

/// <summary>A file that passed every check and is in the blob store.</summary>
/// <param name="FileName">The citizen's file name, cleaned of path parts and invisible characters (<see cref="UploadFileName"/>).</param>
/// <param name="ContentType">The type recognised from the content (never the one the browser declared).</param>
/// <param name="VirusScanned">True when clamd checked it; false when scanning is off.</param>
public sealed record StoredUpload(BlobRef Blob, string FileName, string ContentType, bool VirusScanned);

/// <summary>Why a file was refused: a stable <see cref="Code"/> for programs and a translated message for people.</summary>
public sealed record UploadRejection(string Code, string FileName, string Message);

/// <summary>The stable rejection codes (also used in API problem details).</summary>
public static class UploadRejectionCodes
{
    public const string Empty = "empty";
    public const string TooLarge = "too-large";
    public const string TypeNotAllowed = "type-not-allowed";
    public const string TooManyFiles = "too-many-files";
    public const string CaseTooLarge = "case-too-large";
    public const string VirusFound = "virus-found";
    public const string ScanUnavailable = "scan-unavailable";
}

/// <summary>Either the stored file or the reason it was refused.</summary>
public sealed record UploadResult
{
    private UploadResult(StoredUpload? file, UploadRejection? rejection)
    {
        File = file;
        Rejection = rejection;
    }

    public StoredUpload? File { get; }

    public UploadRejection? Rejection { get; }

    public bool Accepted => File is not null;

    public static UploadResult Stored(StoredUpload file) => new(file, null);

    public static UploadResult Refused(UploadRejection rejection) => new(null, rejection);
}
