using System.IO.Compression;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records.Xdomea;

/// <summary>Limits for received xdomea zips; a message beyond them is refused before anything is stored.</summary>
public sealed record XdomeaLimits
{
    public static readonly XdomeaLimits Default = new();

    /// <summary>The zip itself.</summary>
    public long MaxZipBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    public int MaxEntries { get; init; } = 10_000;

    /// <summary>One unpacked document.</summary>
    public long MaxEntryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>All unpacked entries together.</summary>
    public long MaxTotalBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Unpacked to packed size of one entry; beyond it the entry is taken for a zip bomb.</summary>
    public int MaxCompressionRatio { get; init; } = 200;
}

/// <summary>
/// A received xdomea zip, checked before any entry is read: a bounded number of entries, plain names without
/// folders or path tricks, no duplicates, declared sizes and compression ratios within the limits, and one
/// 0503 XML. Reading an entry counts the real bytes, so a zip that lies about its sizes fails too.
/// </summary>
public sealed class XdomeaPackage : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly XdomeaLimits _limits;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private long _unpacked;

    private XdomeaPackage(ZipArchive zip, XdomeaLimits limits)
    {
        _zip = zip;
        _limits = limits;
    }

    /// <summary>The name of the message's XML entry.</summary>
    public string MessageEntry { get; private set; } = "";

    public IReadOnlyCollection<string> EntryNames => _entries.Keys;

    /// <summary>Opens and checks the zip; <paramref name="seekable"/> stays the caller's.</summary>
    public static XdomeaPackage Open(Stream seekable, XdomeaLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        limits ??= XdomeaLimits.Default;
        if (seekable.Length > limits.MaxZipBytes)
        {
            throw Unsafe(Text($"Die ZIP-Datei ist größer als {limits.MaxZipBytes / 1024 / 1024} MB.", $"The zip file is larger than {limits.MaxZipBytes / 1024 / 1024} MB."));
        }
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw Unsafe(Text($"Das ist keine lesbare ZIP-Datei: {e.Message}", $"This is not a readable zip file: {e.Message}"));
        }
        var package = new XdomeaPackage(zip, limits);
        try
        {
            package.Check();
            return package;
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    private void Check()
    {
        if (_zip.Entries.Count > _limits.MaxEntries)
        {
            throw Unsafe(Text($"Die ZIP-Datei enthält mehr als {_limits.MaxEntries} Einträge.", $"The zip file holds more than {_limits.MaxEntries} entries."));
        }
        long declared = 0;
        foreach (var entry in _zip.Entries)
        {
            var name = entry.FullName;
            if (name.Length == 0 || name.Length > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
                || name.Contains(':', StringComparison.Ordinal) || name is "." or ".." || name.Any(char.IsControl))
            {
                throw Unsafe(Text(
                    $"Der Eintrag „{Printable(name)}“ ist kein einfacher Dateiname; Ordner und Pfade werden nicht angenommen.",
                    $"The entry '{Printable(name)}' is not a plain file name; folders and paths are not accepted."));
            }
            if (!_entries.TryAdd(name, entry))
            {
                throw Unsafe(Text($"Der Eintrag „{name}“ kommt zweimal vor.", $"The entry '{name}' appears twice."));
            }
            if (entry.Length > _limits.MaxEntryBytes)
            {
                throw Unsafe(Text($"Der Eintrag „{name}“ ist entpackt größer als {_limits.MaxEntryBytes / 1024 / 1024} MB.",
                    $"The entry '{name}' is larger than {_limits.MaxEntryBytes / 1024 / 1024} MB unpacked."));
            }
            if (entry.Length > 1024 * 1024 && entry.Length > (long)_limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
            {
                throw Unsafe(Text($"Der Eintrag „{name}“ ist mehr als {_limits.MaxCompressionRatio}-fach komprimiert (ZIP-Bombe?).",
                    $"The entry '{name}' is compressed more than {_limits.MaxCompressionRatio} times (zip bomb?)."));
            }
            declared += entry.Length;
        }
        if (declared > _limits.MaxTotalBytes)
        {
            throw Unsafe(Text($"Die Einträge sind entpackt zusammen größer als {_limits.MaxTotalBytes / 1024 / 1024} MB.",
                $"The entries together are larger than {_limits.MaxTotalBytes / 1024 / 1024} MB unpacked."));
        }
        var messages = _entries.Keys.Where(n => n.EndsWith("_" + XdomeaWriter.MessageType + ".xml", StringComparison.Ordinal)).ToList();
        if (messages.Count != 1)
        {
            throw Unsafe(messages.Count == 0
                ? Text("Die ZIP-Datei enthält keine Nachricht …_Aussonderung.Aussonderung.0503.xml.", "The zip file holds no message …_Aussonderung.Aussonderung.0503.xml.")
                : Text("Die ZIP-Datei enthält mehr als eine 0503-Nachricht.", "The zip file holds more than one 0503 message."));
        }
        MessageEntry = messages[0];
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>The message's XML, at most <see cref="XdomeaReader.MaxXmlBytes"/>.</summary>
    public byte[] ReadMessage()
    {
        using var stream = OpenEntry(MessageEntry, XdomeaReader.MaxXmlBytes);
        using var copy = new MemoryStream();
        try
        {
            stream.CopyTo(copy);
        }
        catch (LimitExceededException)
        {
            throw Unsafe(Text($"Die Nachricht ist größer als {XdomeaReader.MaxXmlBytes / 1024 / 1024} MB.", $"The message is larger than {XdomeaReader.MaxXmlBytes / 1024 / 1024} MB."));
        }
        return copy.ToArray();
    }

    /// <summary>An entry's content; reading more than it declared, or more than the limits, throws <see cref="RecordsException"/>.</summary>
    public Stream OpenEntry(string name, long? limit = null)
    {
        var entry = _entries[name];
        var allowed = Math.Min(Math.Min(entry.Length, limit ?? _limits.MaxEntryBytes), _limits.MaxTotalBytes - _unpacked);
        _unpacked += entry.Length;
        return new LimitedStream(entry.Open(), Math.Max(allowed, 0), ownsInner: true);
    }

    public void Dispose() => _zip.Dispose();

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).Take(120).ToArray());

    internal static RecordsException Unsafe(string message) => new("zip-unsafe", message);
}
