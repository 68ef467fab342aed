using System.IO.Compression;
using System.Text;
using Rathaus.Tests.Infrastructure;

namespace Rathaus.Tests.Hostile;

/// <summary>The hostile inputs of the corpus, generated in memory.</summary>
internal static class HostileInputs
{
    /// <summary>The first line of <c>/etc/passwd</c> on every Linux: must never appear in an answer.</summary>
    public const string PasswdLine = "root:x:0:0";

    public const string Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    public static string ExternalEntityXml(string root = "definitions", string ns = Bpmn) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE {root} [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
        <{root} xmlns="{ns}" id="Defs"><process id="P" name="&passwd;" isExecutable="true"/></{root}>
        """;

    public static string BillionLaughsXml(string root = "definitions", string ns = Bpmn)
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        return $"""<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{root} xmlns="{ns}" id="Defs"><process id="P" name="&lol9;"/></{root}>""";
    }

    public static string DeepXml(int depth = 10_000, string root = "definitions", string ns = Bpmn) =>
        $"""<?xml version="1.0"?><{root} xmlns="{ns}" id="Defs">""" + string.Concat(Enumerable.Repeat("<extensionElements>", depth))
        + string.Concat(Enumerable.Repeat("</extensionElements>", depth)) + $"</{root}>";

    /// <summary>50 MB: a valid start and then more bytes than any parser here takes.</summary>
    public static byte[] FiftyMegabytes(string start)
    {
        var bytes = new byte[50 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.UTF8.GetBytes(start).CopyTo(bytes, 0);
        return bytes;
    }

    public static string DeepJson(int depth = 10_000) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    public static string DeepArray(int depth = 10_000) => new string('[', depth) + new string(']', depth);

    /// <summary>2^70: more than a 64-bit integer holds.</summary>
    public const string TwoToThe70 = "1180591620717411303424";

    /// <summary>"Müll" with the ü's second byte missing, and a lone continuation byte.</summary>
    public static byte[] InvalidUtf8(string before, string after) =>
        [.. Encoding.UTF8.GetBytes(before), 0x4D, 0xC3, 0x6C, 0x6C, 0x80, .. Encoding.UTF8.GetBytes(after)];

    public static byte[] Eicar => ClamDaemon.Eicar;

    public static string OneMegabyte => new('A', 1024 * 1024);

    public const string Script = "<script>alert('xss')</script>";

    public const string Sql = "'; DROP TABLE cases;--";

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>About 100 KB of zip that unpacks to 100 MB of zeros.</summary>
    public static byte[] ZipBomb(string xmlName) =>
        Zip((xmlName, Encoding.UTF8.GetBytes("<x/>")), (Path.GetFileNameWithoutExtension(xmlName).Split('_')[0] + "_null.pdf", new byte[100 * 1024 * 1024]));
}
