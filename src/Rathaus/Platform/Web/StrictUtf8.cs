using System.Text;

namespace Rathaus.Platform.Web;

/// <summary>UTF-8 that refuses invalid byte sequences instead of replacing them with U+FFFD (uploaded files and API bodies).</summary>
public static class StrictUtf8
{
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a request body of at most <paramref name="maxBytes"/> (a larger one is refused by its Content-Length or
    /// once it passes the limit, without reading the rest) and decodes it strictly.
    /// </summary>
    public static async Task<(BodyText Outcome, string Text)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (BodyText.TooLarge, "");
        }
        using var body = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return (BodyText.TooLarge, "");
            }
            body.Write(buffer, 0, read);
        }
        return TryDecode(body.GetBuffer().AsSpan(0, (int)body.Length), out var text) ? (BodyText.Read, text) : (BodyText.NotUtf8, "");
    }

    /// <summary>The text of <paramref name="bytes"/> (a byte order mark is skipped); false when they are not valid UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        try
        {
            text = Encoding.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }
}

/// <summary>What <see cref="StrictUtf8.ReadBodyAsync"/> found.</summary>
public enum BodyText
{
    Read,
    TooLarge,
    NotUtf8,
}
