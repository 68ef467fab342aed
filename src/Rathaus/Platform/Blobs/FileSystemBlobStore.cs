using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rathaus.Platform.Blobs;

/// <summary>
/// Blobs as files named by their hash under <c>ab/cd/abcd…</c>. A put writes a temporary file under <c>tmp/</c> in
/// the same tree, flushes it to disk, renames it into place (atomic, so readers never see half a file) and flushes
/// the folder, so that a database row committed after the put never names content lost in a power cut.
/// </summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    internal const string TempFolder = "tmp";

    private const int BufferSize = 81920;
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Temporary files of puts that a crash interrupted; a put in progress on another node is never this old.
    private static readonly TimeSpan StaleTemporaryFile = TimeSpan.FromDays(1);

    public FileSystemBlobStore(string root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Root = Path.GetFullPath(root);
        PrepareRoot(Root);
        RemoveStaleTemporaryFiles(time.GetUtcNow());
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    internal static string RootFolder(BlobOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.Path, environment.ContentRootPath);

    internal static void PrepareRoot(string root)
    {
        CreateFolder(root);
        CreateFolder(Path.Combine(root, TempFolder));
    }

    public async Task<BlobRef> PutAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(Root, TempFolder, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            string sha256;
            long size = 0;
            await using (var file = new FileStream(temp, PrivateFiles.Create(FileAccess.Write, FileOptions.Asynchronous)))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int read;
                    while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                        size += read;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                file.Flush(flushToDisk: true);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var target = PathOf(sha256);
            // Same content already there (the normal case for a repeated upload): keep it. A file of the wrong size
            // can only be damage from outside, and is replaced.
            if (File.Exists(target) && new FileInfo(target).Length == size)
            {
                File.Delete(temp);
                return new BlobRef(sha256, size);
            }
            var folder = Path.GetDirectoryName(target)!;
            var newFolder = !Directory.Exists(folder);
            if (newFolder)
            {
                CreateFolder(folder);
            }
            // rename(2): atomic, and a concurrent put of the same content renames identical bytes over it.
            File.Move(temp, target, overwrite: true);
            FlushFolder(folder);
            if (newFolder)
            {
                FlushFolder(Path.GetDirectoryName(folder)!);
                FlushFolder(Root);
            }
            return new BlobRef(sha256, size);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task<bool> DeleteAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        FlushFolder(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    /// <summary>The file of a hash; anything but 64 hex digits is refused, so no name can leave the root.</summary>
    public string PathOf(string sha256)
    {
        if (!IsSha256(sha256))
        {
            throw new ArgumentException($"Not a SHA-256 in hex: '{sha256}'.", nameof(sha256));
        }
        var name = sha256.ToLowerInvariant();
        return Path.Combine(Root, name[..2], name[2..4], name);
    }

    /// <summary>True for 64 hexadecimal digits.</summary>
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);

    private void RemoveStaleTemporaryFiles(DateTimeOffset now)
    {
        foreach (var file in new DirectoryInfo(Path.Combine(Root, TempFolder)).EnumerateFiles("*.part"))
        {
            if (now - file.LastWriteTimeUtc > StaleTemporaryFile)
            {
                TryDelete(file.FullName);
            }
        }
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // .NET opens no handle on a folder, so fsync(2) of a folder goes through libc.
    private static void FlushFolder(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        const int ReadOnly = 0;
        const int CloseOnExecLinux = 0x80000;
        var fd = Open(Encoding.UTF8.GetBytes(path + "\0"), OperatingSystem.IsLinux() ? ReadOnly | CloseOnExecLinux : ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        RandomAccess.FlushToDisk(handle);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] nulTerminatedPath, int flags);
}
