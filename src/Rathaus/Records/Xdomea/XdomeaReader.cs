using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using static Rathaus.Records.RecordsText;

namespace Rathaus.Records.Xdomea;

/// <summary>A file (Akte) read from a 0503 message.</summary>
public sealed record ImportedFile(Guid XdomeaId, string Title, string Reference, string FilePlanNumber, string? DepartmentKey, DateOnly? Begin,
    DateOnly? End, int? RetentionYears, string? Disposal, DateOnly? DisposalDue, IReadOnlyList<ImportedProcedure> Procedures);

/// <summary>A procedure (Vorgang) read from a 0503 message.</summary>
public sealed record ImportedProcedure(string Title, string Reference, string? Type, DateOnly? Begin, DateOnly? End, IReadOnlyList<ImportedDocument> Documents);

/// <summary>A document read from a 0503 message, its versions in message order.</summary>
public sealed record ImportedDocument(string Title, string? Reference, string? Type, string? Author, DateOnly? ReceivedOn, DateOnly? SentOn,
    string? Channel, IReadOnlyList<ImportedVersion> Versions);

/// <summary>One version: the zip entry with its content and the number the sending system gave it (e.g. <c>2.95</c>).</summary>
public sealed record ImportedVersion(string Number, string EntryName, string FileName, string ContentType, string? CreatedBy, DateTimeOffset? CreatedAt);

/// <summary>
/// Reads the files of an xdomea <c>Aussonderung.Aussonderung.0503</c> message, version 3.1.0 or 3.0.0 (their file,
/// procedure and document elements are the same). The XML is read without DTDs, external entities or resolvers,
/// with limits on size and nesting depth.
/// </summary>
public static class XdomeaReader
{
    public const int MaxXmlBytes = 64 * 1024 * 1024;
    public const int MaxDepth = 64;

    private static readonly string[] Namespaces = [XdomeaWriter.Namespace, "urn:xoev-de:xdomea:schema:3.0.0"];

    /// <summary>Settings for any XML from outside: no DTD (a DOCTYPE is an error), no resolver, bounded size.</summary>
    public static XmlReaderSettings SecureSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxXmlBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static IReadOnlyList<ImportedFile> Read(byte[] xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            CheckDepth(xml);
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, SecureSettings());
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw Invalid(Text($"Das XML der Nachricht ist nicht lesbar: {e.Message}", $"The message's XML cannot be read: {e.Message}"));
        }
        var root = document.Root!;
        if (root.Name.LocalName != XdomeaWriter.MessageType || !Namespaces.Contains(root.Name.NamespaceName))
        {
            throw Invalid(Text(
                $"Das ist keine xdomea-Nachricht Aussonderung.Aussonderung.0503 (Version 3.1.0 oder 3.0.0), sondern {root.Name}.",
                $"This is not an xdomea message Aussonderung.Aussonderung.0503 (version 3.1.0 or 3.0.0) but {root.Name}."));
        }
        XNamespace ns = root.Name.Namespace;
        var files = new List<ImportedFile>();
        foreach (var item in root.Elements(ns + "Schriftgutobjekt"))
        {
            var akte = item.Element(ns + "Akte") ?? throw Invalid(Text(
                "Nur Akten werden übernommen; die Nachricht enthält einen Vorgang oder ein Dokument ohne Akte.",
                "Only files (Akte) are imported; the message holds a procedure or document without a file."));
            files.Add(File(akte, ns));
        }
        if (files.Count == 0)
        {
            throw Invalid(Text("Die Nachricht enthält keine Akte.", "The message holds no file (Akte)."));
        }
        return files;
    }

    private static ImportedFile File(XElement akte, XNamespace ns)
    {
        var id = Id(akte, ns);
        var general = akte.Element(ns + "AllgemeineMetadaten");
        var archive = akte.Element(ns + "ArchivspezifischeMetadaten");
        var period = akte.Element(ns + "Laufzeit");
        var content = akte.Element(ns + "Akteninhalt");
        if (content?.Elements(ns + "Teilakte").Any() == true)
        {
            throw Invalid(Text($"Die Akte {id} enthält Teilakten; sie werden nicht unterstützt.", $"The file {id} holds sub-files (Teilakte), which are not supported."));
        }
        var reference = Value(general, ns + "Kennzeichen") ?? id.ToString();
        var title = Value(general, ns + "Betreff") ?? reference;
        var procedures = new List<ImportedProcedure>();
        // Documents directly in the file, outside any procedure, are kept in one procedure of their own.
        var loose = content?.Elements(ns + "Dokument").Select(d => Document(d, ns)).ToList() ?? [];
        if (loose.Count > 0)
        {
            procedures.Add(new ImportedProcedure(title, reference, null, Date(Value(period, ns + "Beginn")), Date(Value(period, ns + "Ende")), loose));
        }
        procedures.AddRange(content?.Elements(ns + "Vorgang").Select(v => Procedure(v, ns)) ?? []);
        var code = archive?.Element(ns + "Aussonderungsart")?.Element(ns + "Aussonderungsart")?.Element("code")?.Value.Trim();
        var years = Value(archive?.Element(ns + "Aufbewahrungsdauer"), ns + "AnzahlJahre");
        return new ImportedFile(
            id, title, reference,
            Value(general?.Element(ns + "Aktenplaneinheit"), ns + "Kennzeichen") ?? "",
            Value(general, ns + "Federfuehrung"),
            Date(Value(period, ns + "Beginn")),
            Date(Value(period, ns + "Ende")) ?? Date(Value(akte, ns + "ZdADatum")),
            int.TryParse(years, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y <= 200 ? y : null,
            // A: archivwürdig; B: to be assessed by the archive, so it is offered; V: vernichten.
            code switch { "A" or "B" => "archive", "V" => "destroy", _ => null },
            Date(Value(archive, ns + "Aufbewahrungsende")),
            procedures);
    }

    private static ImportedProcedure Procedure(XElement vorgang, XNamespace ns)
    {
        var id = Id(vorgang, ns);
        var general = vorgang.Element(ns + "AllgemeineMetadaten");
        var period = vorgang.Element(ns + "Laufzeit");
        if (vorgang.Elements(ns + "Teilvorgang").Any())
        {
            throw Invalid(Text($"Der Vorgang {id} enthält Teilvorgänge; sie werden nicht unterstützt.", $"The procedure {id} holds sub-procedures, which are not supported."));
        }
        var reference = Value(general, ns + "Kennzeichen") ?? id.ToString();
        return new ImportedProcedure(
            Value(general, ns + "Betreff") ?? reference,
            reference,
            Value(vorgang, ns + "Typ"),
            Date(Value(period, ns + "Beginn")),
            Date(Value(period, ns + "Ende")) ?? Date(Value(vorgang, ns + "ZdADatum")),
            vorgang.Elements(ns + "Dokument").Select(d => Document(d, ns)).ToList());
    }

    private static ImportedDocument Document(XElement dokument, XNamespace ns)
    {
        var id = Id(dokument, ns);
        var general = dokument.Element(ns + "AllgemeineMetadaten");
        var versions = new List<ImportedVersion>();
        foreach (var version in dokument.Elements(ns + "Version"))
        {
            // A version may come in several formats; the first is the one kept.
            var format = version.Element(ns + "Format") ?? throw Invalid(Text(
                $"Eine Version des Dokuments {id} hat kein Format.", $"A version of the document {id} has no format."));
            var primary = format.Element(ns + "Primaerdokument");
            var entry = Value(primary, ns + "Dateiname") ?? throw Invalid(Text(
                $"Eine Version des Dokuments {id} nennt keine Datei.", $"A version of the document {id} names no file."));
            var original = Value(primary, ns + "DateinameOriginal") ?? WithoutIdPrefix(entry);
            var created = Value(primary, ns + "DatumUhrzeit");
            versions.Add(new ImportedVersion(
                Value(version, ns + "Nummer") ?? (versions.Count + 1).ToString(CultureInfo.InvariantCulture),
                entry,
                original,
                XdomeaWriter.ContentType(format.Element(ns + "Name")?.Element("code")?.Value.Trim(), original),
                Value(primary, ns + "Ersteller"),
                DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null));
        }
        var channel = dokument.Elements(ns + "AnwendungsspezifischeErweiterung")
            .Where(e => Value(e, ns + "Kennung") == XdomeaWriter.ExtensionKey)
            .SelectMany(e => e.Elements(ns + "Feld"))
            .Where(f => Value(f, ns + "Name") == "Eingangskanal")
            .Select(f => Value(f, ns + "Wert"))
            .FirstOrDefault();
        var reference = Value(general, ns + "Kennzeichen");
        return new ImportedDocument(
            Value(general, ns + "Betreff") ?? versions.FirstOrDefault()?.FileName ?? id.ToString(),
            reference,
            Value(dokument, ns + "Typ"),
            Value(dokument, ns + "Bearbeiter"),
            Date(Value(dokument, ns + "Posteingangsdatum")),
            Date(Value(dokument, ns + "Postausgangsdatum")),
            channel ?? "xdomea",
            versions);
    }

    private static Guid Id(XElement element, XNamespace ns)
    {
        var text = Value(element.Element(ns + "Identifikation"), ns + "ID");
        return Guid.TryParse(text, out var id) ? id : throw Invalid(Text(
            $"Ein Element {element.Name.LocalName} hat keine gültige ID („{text}“).", $"An element {element.Name.LocalName} has no valid ID ('{text}')."));
    }

    private static string? Value(XElement? parent, XName name) =>
        parent?.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static DateOnly? Date(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static string WithoutIdPrefix(string entryName) =>
        entryName.Length > 37 && Guid.TryParse(entryName[..36], out _) && entryName[36] == '_' ? entryName[37..] : entryName;

    /// <summary>Walks the XML once before it is loaded: deeper nesting than <see cref="MaxDepth"/> is refused.</summary>
    private static void CheckDepth(byte[] xml)
    {
        using var stream = new MemoryStream(xml, writable: false);
        using var reader = XmlReader.Create(stream, SecureSettings());
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                throw Invalid(Text($"Das XML ist tiefer als {MaxDepth} Ebenen verschachtelt.", $"The XML is nested deeper than {MaxDepth} levels."));
            }
        }
    }

    internal static RecordsException Invalid(string message) => new("xml-invalid", message);
}
