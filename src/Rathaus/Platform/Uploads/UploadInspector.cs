using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Blobs;

namespace Rathaus.Platform.Uploads;

/// <summary>Checks an uploaded file and stores it when every check passes.</summary>
public interface IUploadInspector
{
    /// <summary>
    /// Reads <paramref name="content"/> once (stopping at the size limit) and checks, in this order: the case's file
    /// count, not empty, the size per file and per case, the real type from the first bytes, the virus scan. Only a
    /// file that passes them all is stored. The messages are in the current UI culture.
    /// </summary>
    /// <param name="fileName">The name the browser sent; cleaned with <see cref="UploadFileName.Clean"/>, trusted for nothing.</param>
    /// <param name="soFar">The files the case already has (zero for the first).</param>
    Task<UploadResult> CheckAndStoreAsync(Stream content, string? fileName, CaseUploads soFar, CancellationToken ct);

    /// <summary>Null when a case with these totals is within the limits, otherwise why not (e.g. for an API call with many files).</summary>
    UploadRejection? CheckCaseLimits(CaseUploads total);
}

/// <summary>Texts of the uploads module (Resources/Platform/Uploads/UploadText.resx and .en.resx).</summary>
#pragma warning disable CA1052 // Names the resource for the localizer; never instantiated.
public sealed class UploadText
#pragma warning restore CA1052
{
    private UploadText()
    {
    }
}

public sealed class UploadInspector(
    IOptions<UploadOptions> options,
    IBlobStore blobs,
    IVirusScanner scanner,
    IStringLocalizer<UploadText> text,
    ILogger<UploadInspector> logger) : IUploadInspector
{
    private const int BufferSize = 81920;

    public async Task<UploadResult> CheckAndStoreAsync(Stream content, string? fileName, CaseUploads soFar, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var limits = options.Value;
        var name = UploadFileName.Clean(fileName);
        if (soFar.Files >= limits.MaxFilesPerCase)
        {
            return Refuse(UploadRejectionCodes.TooManyFiles, name, "TooManyFiles.Named", limits.MaxFilesPerCase);
        }
        var caseRemaining = limits.MaxBytesPerCase - soFar.Bytes;
        if (caseRemaining <= 0)
        {
            return Refuse(UploadRejectionCodes.CaseTooLarge, name, "CaseTooLarge.Named", Megabytes(limits.MaxBytesPerCase));
        }
        var limit = Math.Min(limits.MaxFileBytes, caseRemaining);

        // The upload goes to a private temporary file: it is read once, but scanned and stored afterwards, and only
        // the first bytes (to recognise the type) are kept in memory.
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), "rathaus-upload-" + Guid.NewGuid().ToString("N")),
            PrivateFiles.Create(FileAccess.ReadWrite, FileOptions.DeleteOnClose | FileOptions.Asynchronous));
        var header = new byte[FileTypes.HeaderLength];
        var headerLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (size <= limit)
            {
                // Never ask for more than one byte past the limit: that byte is enough to know the file is too big.
                var wanted = (int)Math.Min(BufferSize, limit + 1 - size);
                var read = await content.ReadAsync(buffer.AsMemory(0, wanted), ct);
                if (read == 0)
                {
                    break;
                }
                if (headerLength < header.Length)
                {
                    var take = Math.Min(read, header.Length - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                }
                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (size == 0)
        {
            return Refuse(UploadRejectionCodes.Empty, name, "Empty");
        }
        if (size > limit)
        {
            return limit < limits.MaxFileBytes
                ? Refuse(UploadRejectionCodes.CaseTooLarge, name, "CaseTooLarge.Named", Megabytes(limits.MaxBytesPerCase))
                : Refuse(UploadRejectionCodes.TooLarge, name, "TooLarge", Megabytes(limits.MaxFileBytes));
        }
        var type = FileTypes.Recognise(header.AsSpan(0, headerLength));
        if (type is null || !limits.EffectiveAllowedTypes.Contains(type))
        {
            return Refuse(UploadRejectionCodes.TypeNotAllowed, name, "TypeNotAllowed", AllowedTypesText(limits.EffectiveAllowedTypes));
        }

        spool.Position = 0;
        var scan = await scanner.ScanAsync(spool, ct);
        switch (scan.Outcome)
        {
            case ScanOutcome.Infected:
                // The hash, not the name: operators can find the content, the log holds no personal data.
                logger.LogWarning("Upload refused: clamd found {Signature} in content {Sha256} ({Bytes} bytes)",
                    scan.Detail, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
                return Refuse(UploadRejectionCodes.VirusFound, name, "VirusFound");
            case ScanOutcome.Unavailable:
                logger.LogError("Upload refused because it cannot be scanned: {Problem}", scan.Detail);
                return Refuse(UploadRejectionCodes.ScanUnavailable, name, "ScanUnavailable");
        }

        spool.Position = 0;
        var blob = await blobs.PutAsync(spool, ct);
        return UploadResult.Stored(new StoredUpload(blob, name, type, scan.Outcome == ScanOutcome.Clean));
    }

    public UploadRejection? CheckCaseLimits(CaseUploads total)
    {
        var limits = options.Value;
        if (total.Files > limits.MaxFilesPerCase)
        {
            return new UploadRejection(UploadRejectionCodes.TooManyFiles, "", text["TooManyFiles", limits.MaxFilesPerCase]);
        }
        if (total.Bytes > limits.MaxBytesPerCase)
        {
            return new UploadRejection(UploadRejectionCodes.CaseTooLarge, "", text["CaseTooLarge", Megabytes(limits.MaxBytesPerCase)]);
        }
        return null;
    }

    private UploadResult Refuse(string code, string name, string textKey, object? argument = null) =>
        UploadResult.Refused(new UploadRejection(code, name, text[textKey, name, argument ?? ""]));

    private string AllowedTypesText(IReadOnlyList<string> types)
    {
        var names = types.Select(FileTypes.DisplayName).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names[..^1]) + " " + text["Or"] + " " + names[^1];
    }

    /// <summary>10485760 → "10", 2.5 MiB → "2,5" (in German).</summary>
    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.CurrentCulture);
}
