using System.Globalization;
using System.Text;
using System.Xml;

namespace Rathaus.Records.Xdomea;

/// <summary>Who hands over and who receives a 0503 message.</summary>
/// <param name="Sender">The authority (tenant name).</param>
/// <param name="SenderShort">Its short name (tenant slug).</param>
/// <param name="Recipient">The archive.</param>
public sealed record XdomeaParties(string Sender, string SenderShort, string Recipient);

/// <summary>A document file of the message: its name in the zip and the blob that is its content.</summary>
public sealed record XdomeaAttachment(string EntryName, string Sha256);

/// <summary>
/// Writes the xdomea 3.1.0 message <c>Aussonderung.Aussonderung.0503</c> for files (Akten) with their procedures
/// (Vorgänge) and documents, every version of each document as a primary document. The XML validates against the
/// official schemas (a test checks it).
/// </summary>
public static class XdomeaWriter
{
    public const string Namespace = "urn:xoev-de:xdomea:schema:3.1.0";
    public const string MessageType = "Aussonderung.Aussonderung.0503";

    /// <summary>Rathaus's own metadata that xdomea has no element for (the channel), under this key.</summary>
    public const string ExtensionKey = "urn:rathaus:records:1";

    public static (byte[] Xml, IReadOnlyList<XdomeaAttachment> Attachments) Write(Guid processId, DateTimeOffset createdAt, XdomeaParties parties,
        IReadOnlyList<RecordFile> files)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(files);
        var attachments = new List<XdomeaAttachment>();
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("xdomea", MessageType, Namespace);
            w.WriteStartElement("xdomea", "Kopf", Namespace);
            Element(w, "ProzessID", processId.ToString());
            w.WriteStartElement("xdomea", "Nachrichtentyp", Namespace);
            w.WriteElementString("code", "0503");
            w.WriteEndElement();
            Element(w, "Erstellungszeitpunkt", createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Contact(w, "Absender", parties.Sender, parties.SenderShort);
            Contact(w, "Empfaenger", parties.Recipient, null);
            w.WriteStartElement("xdomea", "SendendesSystem", Namespace);
            Element(w, "Produktname", "Rathaus");
            w.WriteEndElement();
            Element(w, "Importbestaetigung", "true");
            Element(w, "RueckmeldungArchivkennung", "true");
            Element(w, "Empfangsbestaetigung", "true");
            w.WriteEndElement();

            foreach (var file in files)
            {
                w.WriteStartElement("xdomea", "Schriftgutobjekt", Namespace);
                File(w, file, attachments);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return (buffer.ToArray(), attachments);
    }

    private static void File(XmlWriter w, RecordFile file, List<XdomeaAttachment> attachments)
    {
        w.WriteStartElement("xdomea", "Akte", Namespace);
        Identification(w, file.Id);
        w.WriteStartElement("xdomea", "AllgemeineMetadaten", Namespace);
        Element(w, "Betreff", file.Title);
        Element(w, "Kennzeichen", file.Reference);
        if (file.DepartmentKey is { } department)
        {
            Element(w, "Federfuehrung", department);
        }
        w.WriteStartElement("xdomea", "Aktenplaneinheit", Namespace);
        Element(w, "Kennzeichen", file.FilePlanNumber);
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("xdomea", "ArchivspezifischeMetadaten", Namespace);
        if (file.RetentionYears is { } years)
        {
            w.WriteStartElement("xdomea", "Aufbewahrungsdauer", Namespace);
            Element(w, "AnzahlJahre", years.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        if (file.Disposal is { } disposal)
        {
            w.WriteStartElement("xdomea", "Aussonderungsart", Namespace);
            w.WriteStartElement("xdomea", "Aussonderungsart", Namespace);
            // Codeliste Aussonderungsart: A archivwürdig, V vernichten.
            w.WriteElementString("code", disposal == "archive" ? "A" : "V");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        if (file.DisposalDue is { } due)
        {
            Element(w, "Aufbewahrungsende", Date(due));
        }
        w.WriteEndElement();
        Period(w, file.OpenedOn, file.ClosedOn);

        w.WriteStartElement("xdomea", "Akteninhalt", Namespace);
        foreach (var procedure in file.Procedures)
        {
            Procedure(w, procedure, attachments);
        }
        w.WriteEndElement();
        if (file.ClosedOn is { } closed)
        {
            Element(w, "ZdA", "true");
            Element(w, "ZdADatum", Date(closed));
        }
        w.WriteEndElement();
    }

    private static void Procedure(XmlWriter w, RecordProcedure procedure, List<XdomeaAttachment> attachments)
    {
        w.WriteStartElement("xdomea", "Vorgang", Namespace);
        Identification(w, procedure.Id);
        w.WriteStartElement("xdomea", "AllgemeineMetadaten", Namespace);
        Element(w, "Betreff", procedure.Title);
        Element(w, "Kennzeichen", procedure.Reference);
        w.WriteEndElement();
        if (procedure.Type is { } type)
        {
            Element(w, "Typ", type);
        }
        if (procedure.ClosedOn is { } closed)
        {
            Element(w, "ZdA", "true");
            Element(w, "ZdADatum", Date(closed));
        }
        Period(w, procedure.OpenedOn, procedure.ClosedOn);
        foreach (var document in procedure.Documents)
        {
            Document(w, document, attachments);
        }
        w.WriteEndElement();
    }

    private static void Document(XmlWriter w, RecordDocument document, List<XdomeaAttachment> attachments)
    {
        w.WriteStartElement("xdomea", "Dokument", Namespace);
        Identification(w, document.Id);
        w.WriteStartElement("xdomea", "AllgemeineMetadaten", Namespace);
        Element(w, "Betreff", document.Title);
        if (document.Reference is { } reference)
        {
            Element(w, "Kennzeichen", reference);
        }
        w.WriteEndElement();
        if (document.ReceivedOn is { } received)
        {
            Element(w, "Posteingangsdatum", Date(received));
        }
        if (document.SentOn is { } sent)
        {
            Element(w, "Postausgangsdatum", Date(sent));
        }
        if (document.Author is { } author)
        {
            Element(w, "Bearbeiter", author);
        }
        if (document.Type is { } type)
        {
            Element(w, "Typ", type);
        }
        foreach (var version in document.Versions)
        {
            var entryName = $"{document.Id}_{version.Version}_{SafeName(version.FileName)}";
            attachments.Add(new XdomeaAttachment(entryName, version.Sha256));
            w.WriteStartElement("xdomea", "Version", Namespace);
            Element(w, "Nummer", version.Version.ToString(CultureInfo.InvariantCulture));
            w.WriteStartElement("xdomea", "Format", Namespace);
            var (code, other) = FormatCode(version.ContentType);
            w.WriteStartElement("xdomea", "Name", Namespace);
            w.WriteAttributeString("listURI", "urn:xoev-de:xdomea:codeliste:dateiformat");
            w.WriteAttributeString("listVersionID", "1.0");
            w.WriteElementString("code", code);
            w.WriteEndElement();
            if (other)
            {
                Element(w, "SonstigerName", version.ContentType);
            }
            Element(w, "Version", "");
            w.WriteStartElement("xdomea", "Primaerdokument", Namespace);
            Element(w, "Dateiname", entryName);
            Element(w, "DateinameOriginal", version.FileName);
            Element(w, "Ersteller", version.CreatedBy);
            Element(w, "DatumUhrzeit", version.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }
        if (document.Channel is { } channel)
        {
            w.WriteStartElement("xdomea", "AnwendungsspezifischeErweiterung", Namespace);
            Element(w, "Kennung", ExtensionKey);
            Element(w, "Name", "Rathaus");
            w.WriteStartElement("xdomea", "Feld", Namespace);
            Element(w, "Name", "Eingangskanal");
            Element(w, "Wert", channel);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>Codes of the xdomea code list Dateiformat (version 1.0); anything else is 100 "Sonstiges" with the media type.</summary>
    internal static (string Code, bool Other) FormatCode(string contentType) => contentType switch
    {
        "application/pdf" => ("018", false),
        "image/png" => ("019", false),
        "image/jpeg" => ("011", false),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ("035", false),
        "application/xml" or "text/xml" => ("030", false),
        "text/plain" => ("045", false),
        _ => ("100", true),
    };

    /// <summary>The media type for a format code of a received message (and the file name's extension as a fallback).</summary>
    internal static string ContentType(string? code, string fileName) => code switch
    {
        "018" or "044" => "application/pdf",
        "019" => "image/png",
        "009" or "010" or "011" => "image/jpeg",
        "035" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "030" => "application/xml",
        "045" => "text/plain",
        _ => Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" => "application/pdf",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xml" => "application/xml",
            ".txt" => "text/plain",
            _ => "application/octet-stream",
        },
    };

    /// <summary>A file name that is safe as a zip entry on every system: letters, digits, dot, hyphen, underscore.</summary>
    internal static string SafeName(string fileName)
    {
        var name = new StringBuilder();
        foreach (var c in Path.GetFileName(fileName))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }
        var result = name.ToString().TrimStart('.');
        return result.Length == 0 ? "dokument" : result.Length > 120 ? result[^120..] : result;
    }

    private static void Contact(XmlWriter w, string element, string name, string? shortName)
    {
        w.WriteStartElement("xdomea", element, Namespace);
        w.WriteStartElement("xdomea", "Institution", Namespace);
        Element(w, "Name", name);
        if (shortName is not null)
        {
            Element(w, "Kurzbezeichnung", shortName);
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Identification(XmlWriter w, Guid id)
    {
        w.WriteStartElement("xdomea", "Identifikation", Namespace);
        Element(w, "ID", id.ToString());
        w.WriteEndElement();
    }

    private static void Period(XmlWriter w, DateOnly begin, DateOnly? end)
    {
        w.WriteStartElement("xdomea", "Laufzeit", Namespace);
        Element(w, "Beginn", Date(begin));
        if (end is { } e)
        {
            Element(w, "Ende", Date(e));
        }
        w.WriteEndElement();
    }

    private static void Element(XmlWriter w, string name, string value) => w.WriteElementString("xdomea", name, Namespace, value);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
