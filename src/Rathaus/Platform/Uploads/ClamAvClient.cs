using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rathaus.Platform.Uploads;

/// <summary>
/// Talks to clamd with its INSTREAM command: <c>zINSTREAM\0</c>, then chunks each led by its length as a 4-byte
/// big-endian number, then a zero-length chunk; clamd answers <c>stream: OK</c>, <c>stream: NAME FOUND</c> or a
/// text ending in <c>ERROR</c>, terminated by <c>\0</c>. One connection per scan, no session.
/// </summary>
public sealed class ClamAvClient(ClamAvEndpoint endpoint, TimeSpan timeout, long streamMaxLength) : IVirusScanner
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxReplyLength = 4096;

    public bool Enabled => true;

    public ClamAvEndpoint Endpoint => endpoint;

    public async Task<ScanResult> ScanAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(4 + ChunkSize);
        try
        {
            using var socket = await ConnectAsync(deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), deadline.Token);
            long sent = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(4, ChunkSize), deadline.Token)) > 0)
            {
                sent += read;
                if (sent > streamMaxLength)
                {
                    // clamd would close the connection mid-stream; the content stays unchecked.
                    return new ScanResult(ScanOutcome.Unavailable, $"content is larger than clamd's StreamMaxLength ({streamMaxLength} bytes)");
                }
                BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
                await stream.WriteAsync(buffer.AsMemory(0, 4 + read), deadline.Token);
            }
            BinaryPrimitives.WriteUInt32BigEndian(buffer, 0);
            await stream.WriteAsync(buffer.AsMemory(0, 4), deadline.Token);
            await stream.FlushAsync(deadline.Token);
            return Interpret(await ReadReplyAsync(stream, deadline.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ScanResult(ScanOutcome.Unavailable, $"clamd at {endpoint} did not answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return new ScanResult(ScanOutcome.Unavailable, $"clamd at {endpoint}: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>clamd's version line when it answers (<c>zVERSION</c>), otherwise null; for the start-up log.</summary>
    public async Task<string?> VersionAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var socket = await ConnectAsync(deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zVERSION\0"u8.ToArray(), deadline.Token);
            return await ReadReplyAsync(stream, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads clamd's answer to an INSTREAM command.</summary>
    public static ScanResult Interpret(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        const string Prefix = "stream: ";
        if (reply == Prefix + "OK")
        {
            return ScanResult.Clean;
        }
        if (reply.StartsWith(Prefix, StringComparison.Ordinal) && reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            return new ScanResult(ScanOutcome.Infected, reply[Prefix.Length..^" FOUND".Length]);
        }
        return new ScanResult(ScanOutcome.Unavailable, "clamd answered: " + (reply.Length == 0 ? "(nothing)" : reply));
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        Socket socket;
        EndPoint target;
        if (endpoint.SocketPath is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = new UnixDomainSocketEndPoint(path);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            target = new DnsEndPoint(endpoint.Host!, endpoint.Port);
        }
        try
        {
            await socket.ConnectAsync(target, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken ct)
    {
        var reply = new byte[MaxReplyLength];
        var length = 0;
        while (length < reply.Length)
        {
            var read = await stream.ReadAsync(reply.AsMemory(length), ct);
            if (read == 0)
            {
                break;
            }
            length += read;
            var end = Array.IndexOf(reply, (byte)0, length - read, read);
            if (end >= 0)
            {
                length = end;
                break;
            }
        }
        return Encoding.UTF8.GetString(reply, 0, length).Trim();
    }
}
