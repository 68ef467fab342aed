namespace Rathaus.Platform.Blobs;

/// <summary>A stored document's content, named by its SHA-256 (lower-case hex) and size in bytes.</summary>
public sealed record BlobRef(string Sha256, long Size);

/// <summary>
/// Content-addressed document store: the same bytes always get the same name, so putting them twice stores them once.
/// Metadata (file name, case, type) lives in PostgreSQL next to the hash; the store knows only bytes.
/// </summary>
public interface IBlobStore
{
    /// <summary>Reads <paramref name="content"/> to its end and stores it durably; returns only once it is on disk.</summary>
    Task<BlobRef> PutAsync(Stream content, CancellationToken ct);

    /// <summary>The content for reading, or null when no blob has this hash. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct);

    Task<bool> ExistsAsync(string sha256, CancellationToken ct);

    /// <summary>
    /// Removes the content; true when it existed. Content is shared by every record with the same hash, so only the
    /// code that knows no record refers to it any more (retention) may delete it.
    /// </summary>
    Task<bool> DeleteAsync(string sha256, CancellationToken ct);
}
