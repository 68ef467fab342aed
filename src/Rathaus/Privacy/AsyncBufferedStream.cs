namespace Rathaus.Privacy;

/// <summary>
/// A write-only stream in front of the response body for writers that still write synchronously in places (the zip
/// archive does when it closes an entry and writes its central directory), where the server allows only asynchronous
/// writes. Synchronous writes are kept in a small buffer; asynchronous writes and <see cref="FlushAsync(CancellationToken)"/>
/// pass it on. Memory stays at about <see cref="Threshold"/> plus what is written synchronously between two asynchronous
/// writes (a few kilobytes per zip entry).
/// </summary>
public sealed class AsyncBufferedStream(Stream target) : Stream
{
    public const int Threshold = 64 * 1024;

    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pending.Write(buffer.Span);
        if (_pending.Length >= Threshold)
        {
            await DrainAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        // Synchronous flushes (the zip archive's) wait for the next asynchronous write or flush.
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await target.FlushAsync(cancellationToken);
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        if (_pending.Length == 0)
        {
            return;
        }
        await target.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
        _pending.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
