using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Blobs;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Platform.Documents;

/// <summary>The file-system blob store: content-addressed, durable, idempotent, safe under concurrent puts.</summary>
public sealed class BlobStoreTests : IDisposable
{
    private readonly DocumentServices _services = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Content_is_stored_under_its_sha256_in_sharded_folders_and_reads_back_unchanged()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));

        var blob = await _services.Blobs.PutAsync(new MemoryStream(content), default);

        Assert.Equal(new BlobRef(expected, content.Length), blob);
        var file = Path.Combine(_services.BlobFolder, expected[..2], expected[2..4], expected);
        Assert.Equal(content, await File.ReadAllBytesAsync(file));
        await using var read = await _services.Blobs.OpenReadAsync(blob.Sha256, default);
        var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.True(await _services.Blobs.ExistsAsync(expected.ToUpperInvariant(), default));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Stored_files_and_folders_are_readable_by_the_service_user_only()
    {
        var blob = await _services.Blobs.PutAsync(new MemoryStream([1, 2, 3]), default);

        var file = Path.Combine(_services.BlobFolder, blob.Sha256[..2], blob.Sha256[2..4], blob.Sha256);
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(Path.GetDirectoryName(file)!) & Others);
    }

    [Fact]
    public async Task Putting_the_same_content_twice_stores_it_once_and_leaves_no_temporary_file()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);

        var first = await _services.Blobs.PutAsync(new MemoryStream(content), default);
        var second = await _services.Blobs.PutAsync(new MemoryStream(content), default);

        Assert.Equal(first, second);
        Assert.Single(_services.StoredFiles());
        Assert.Empty(Directory.GetFiles(Path.Combine(_services.BlobFolder, FileSystemBlobStore.TempFolder)));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_content_all_succeed_with_one_intact_file()
    {
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);

        var refs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => _services.Blobs.PutAsync(new MemoryStream(content), default))));

        Assert.Single(refs.Distinct());
        var file = Assert.Single(_services.StoredFiles());
        Assert.Equal(content, await File.ReadAllBytesAsync(file));
        Assert.Empty(Directory.GetFiles(Path.Combine(_services.BlobFolder, FileSystemBlobStore.TempFolder)));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone_and_deleting_it_again_says_so()
    {
        var blob = await _services.Blobs.PutAsync(new MemoryStream([7, 7, 7]), default);

        Assert.True(await _services.Blobs.DeleteAsync(blob.Sha256, default));

        Assert.False(await _services.Blobs.ExistsAsync(blob.Sha256, default));
        Assert.Null(await _services.Blobs.OpenReadAsync(blob.Sha256, default));
        Assert.False(await _services.Blobs.DeleteAsync(blob.Sha256, default));
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_name_that_is_no_sha256_is_refused_so_nothing_outside_the_store_is_reached(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _services.Blobs.OpenReadAsync(name, default));
        await Assert.ThrowsAsync<ArgumentException>(() => _services.Blobs.DeleteAsync(name, default));
    }

    [Fact]
    public async Task Temporary_files_left_by_a_crash_are_removed_at_start_and_recent_ones_kept()
    {
        _ = _services.Blobs;
        var temp = Path.Combine(_services.BlobFolder, FileSystemBlobStore.TempFolder);
        var stale = Path.Combine(temp, "crashed.part");
        var recent = Path.Combine(temp, "in-progress.part");
        await File.WriteAllBytesAsync(stale, [1]);
        await File.WriteAllBytesAsync(recent, [2]);
        var clock = new TestClock();
        File.SetLastWriteTimeUtc(stale, clock.GetUtcNow().UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(recent, clock.GetUtcNow().UtcDateTime.AddMinutes(-5));

        _ = new FileSystemBlobStore(_services.BlobFolder, clock);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void A_blob_path_that_cannot_be_written_stops_the_start_naming_the_setting()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var services = new DocumentServices(new Dictionary<string, string?> { ["Blobs:Path"] = Path.Combine(file, "blobs") });

            var error = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<BlobOptions>>().Value);

            Assert.Contains("'Blobs:Path'", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
