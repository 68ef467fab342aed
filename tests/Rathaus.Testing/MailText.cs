using System.Text;
using System.Text.RegularExpressions;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Reads an e-mail from the pickup folder as its recipient's mail program shows it.</summary>
public static partial class MailText
{
    /// <summary>The subject line, decoded from RFC 2047 encoded words (=?utf-8?B?…?=, =?utf-8?Q?…?=).</summary>
    public static string Subject(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var headers = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        if (SubjectLine().Match(headers) is not { Success: true } line)
        {
            return "";
        }
        return EncodedWord().Replace(line.Groups[1].Value.Replace("\r\n", "", StringComparison.Ordinal), word =>
            string.Equals(word.Groups[1].Value, "B", StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(word.Groups[2].Value))
                : Decode(word.Groups[2].Value.Replace('_', ' ')));
    }

    /// <summary>The body of a single-part message, decoded from base64 or quoted-printable as the framework chose.</summary>
    public static string Body(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var body = raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (raw.Contains("Content-Transfer-Encoding: base64", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n")).Trim()));
        }
        if (raw.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.Ordinal))
        {
            return Decode(body.Replace("=\r\n", "", StringComparison.Ordinal));
        }
        return body;
    }

    /// <summary>Quoted-printable text: <c>=XX</c> is the byte XX of UTF-8.</summary>
    private static string Decode(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"^Subject: (.*(?:\r\n[ \t].*)*)", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    [GeneratedRegex(@"=\?[^?]+\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();
}
