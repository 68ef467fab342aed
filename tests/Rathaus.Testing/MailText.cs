using System.Text;

namespace Rathaus.Tests.Infrastructure;

/// <summary>Reads an e-mail from the pickup folder as its recipient's mail program shows it.</summary>
public static class MailText
{
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
            var joined = body.Replace("=\r\n", "", StringComparison.Ordinal);
            var bytes = new List<byte>();
            for (var i = 0; i < joined.Length; i++)
            {
                if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
                {
                    bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)joined[i]);
                }
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
        return body;
    }
}
