using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;

namespace Rathaus.Privacy;

/// <summary>
/// The citizen's copy of their data (Auskunft nach Art. 15 DSGVO) as a zip: the account, every application with its
/// form data, the documents the citizen can read in the mailbox, the messages, unsent drafts and the access log of the
/// data cockpit, with a German LIESMICH.txt. Written straight to the response, one case and one document at a time,
/// so memory stays bounded whatever the account holds. Only rows of the citizen in the tenant (docs/privacy.md).
/// </summary>
public sealed class AccountExport(Db db, IBlobStore blobs, AuditTrail audit, CitizenAccessLog log, CitizenAccessText describe, TimeProvider time)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Documents the citizen may read: their uploads and receipt, their replies, and what a message to them carried.</summary>
    private const string VisibleDocuments = """
        (d.kind IN ('evidence', 'receipt', 'reply')
         OR EXISTS (SELECT 1 FROM mailbox_messages v WHERE v.case_id = d.case_id AND v.direction = 'to_citizen' AND d.id = ANY (v.document_ids)))
        """;

    /// <summary>The file name of the download, e.g. <c>datenexport-musterstadt-2026-11-21.zip</c>.</summary>
    public string FileName(string tenantSlug) =>
        $"datenexport-{tenantSlug}-{time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.zip";

    /// <summary>Records the export in the audit trail (committed before the first byte is sent).</summary>
    public Task RecordAsync(Guid tenantId, Guid citizenId, string? correlationId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => audit.AppendAsync(c, tx, tenantId,
            new AuditEntry("citizen", citizenId.ToString(), "account.exported", null, null, CitizenAccessText.ExportPurpose, correlationId), ct), ct);

    /// <summary>Writes the zip to <paramref name="output"/> (which need not be seekable).</summary>
    public async Task WriteAsync(Guid tenantId, Guid citizenId, Stream output, CancellationToken ct = default)
    {
        await using var buffered = new AsyncBufferedStream(output);
        var archive = await ZipArchive.CreateAsync(buffered, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await using (archive)
        {
            await TextAsync(archive, "LIESMICH.txt", Readme(time.GetUtcNow()), ct);

            var account = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleAsync<string>(new CommandDefinition("""
                SELECT jsonb_build_object(
                    'konto', a.id, 'name', a.display_name, 'email', a.email, 'emailBestaetigtAm', a.email_confirmed_at,
                    'vertrauensniveau', a.assurance_level, 'angelegtAm', a.created_at,
                    'externesKonto', CASE WHEN a.external_provider IS NOT NULL THEN jsonb_build_object('anbieter', a.external_provider, 'kennung', a.external_subject) END,
                    'kommune', jsonb_build_object('kennung', t.slug, 'name', t.name))::text
                FROM citizen_accounts a JOIN tenants t ON t.id = a.tenant_id WHERE a.id = @citizenId
                """, new { citizenId }, tx, cancellationToken: ct)), ct);
            await TextAsync(archive, "konto.json", Pretty(account), ct);

            var cases = await db.InTenantAsync(tenantId, async (c, tx) => (await c.QueryAsync<(Guid Id, string Reference)>(new CommandDefinition(
                "SELECT id, reference FROM cases WHERE citizen_id = @citizenId ORDER BY submitted_at, id", new { citizenId }, tx, cancellationToken: ct))).ToList(), ct);
            foreach (var (caseId, reference) in cases)
            {
                await CaseAsync(archive, tenantId, citizenId, caseId, Safe(reference), ct);
            }

            var drafts = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleAsync<string>(new CommandDefinition("""
                SELECT coalesce(jsonb_agg(jsonb_build_object('leistung', service_id, 'version', service_version, 'angelegtAm', created_at,
                       'geaendertAm', updated_at, 'loeschungAm', expires_at, 'daten', data) ORDER BY created_at), '[]')::text
                FROM application_drafts WHERE citizen_id = @citizenId AND case_id IS NULL
                """, new { citizenId }, tx, cancellationToken: ct)), ct);
            await TextAsync(archive, "entwuerfe.json", Pretty(drafts), ct);

            await AccessLogAsync(archive, tenantId, citizenId, ct);
        }
        await buffered.FlushAsync(ct);
    }

    private async Task CaseAsync(ZipArchive archive, Guid tenantId, Guid citizenId, Guid caseId, string folder, CancellationToken ct)
    {
        var (file, documents) = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var json = await c.QuerySingleAsync<string>(new CommandDefinition("""
                SELECT jsonb_build_object(
                    'aktenzeichen', c.reference, 'leistung', c.service_id, 'version', c.service_version,
                    'zustaendig', coalesce(d.name, c.department_key), 'eingang', c.channel, 'eingereichtAm', c.submitted_at,
                    'status', c.status, 'stand', c.milestone, 'abgeschlossenAm', c.closed_at, 'sprache', c.language,
                    'antragsdaten', c.data,
                    'nachrichten', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'richtung', CASE m.direction WHEN 'to_citizen' THEN 'an Sie' ELSE 'von Ihnen' END, 'art', m.kind,
                            'betreff', m.subject, 'text', m.body, 'antwortBis', m.reply_due, 'gesendetAm', m.created_at, 'gelesenAm', m.read_at,
                            'dokumente', m.document_ids) ORDER BY m.created_at, m.id), '[]')
                        FROM mailbox_messages m WHERE m.case_id = c.id AND m.citizen_id = @citizenId))::text
                FROM cases c LEFT JOIN departments d ON d.key = c.department_key
                WHERE c.id = @caseId AND c.citizen_id = @citizenId
                """, new { caseId, citizenId }, tx, cancellationToken: ct));
            var docs = (await c.QueryAsync<(Guid Id, string Kind, string? Title, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset CreatedAt)>(
                new CommandDefinition($"""
                    SELECT d.id, d.kind, d.title, d.file_name, d.content_type, d.size, d.sha256, d.created_at
                    FROM case_documents d JOIN cases c ON c.id = d.case_id
                    WHERE d.case_id = @caseId AND c.citizen_id = @citizenId AND {VisibleDocuments}
                    ORDER BY d.created_at, d.id
                    """, new { caseId, citizenId }, tx, cancellationToken: ct))).ToList();
            return (json, docs);
        }, ct);

        var index = new JsonArray();
        var number = 0;
        foreach (var document in documents)
        {
            var path = $"antraege/{folder}/dokumente/{++number:D2}-{document.Kind}-{Safe(document.FileName)}";
            var content = await blobs.OpenReadAsync(document.Sha256, ct);
            index.Add(new JsonObject
            {
                ["id"] = document.Id.ToString(),
                ["art"] = document.Kind,
                ["titel"] = document.Title ?? document.FileName,
                ["datei"] = content is null ? null : path,
                ["typ"] = document.ContentType,
                ["groesse"] = document.Size,
                ["sha256"] = document.Sha256,
                ["erstelltAm"] = document.CreatedAt,
            });
            if (content is null)
            {
                continue;
            }
            await using (content)
            {
                var entry = archive.CreateEntry(path, document.ContentType is "application/pdf" or "image/jpeg" or "image/png"
                    ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                entry.LastWriteTime = document.CreatedAt;
                await using (var target = await entry.OpenAsync(ct))
                {
                    await content.CopyToAsync(target, ct);
                }
            }
        }
        var node = JsonNode.Parse(file)!.AsObject();
        node["dokumente"] = index;
        await TextAsync(archive, $"antraege/{folder}/antrag.json", node.ToJsonString(Indented), ct);
    }

    private async Task AccessLogAsync(ZipArchive archive, Guid tenantId, Guid citizenId, CancellationToken ct)
    {
        var entry = archive.CreateEntry("zugriffsprotokoll.csv", CompressionLevel.Optimal);
        await using var target = await entry.OpenAsync(ct);
        await target.WriteAsync(Csv.Bom, ct);
        await WriteAsync(target, Csv.Line("Eintrag", "Zeitpunkt (UTC)", "Wer", "Was", "Wozu", "Aktenzeichen", "Aktion", "Rolle", "Zweck (wie protokolliert)"), ct);
        var departments = await log.DepartmentNamesAsync(tenantId, ct);
        await foreach (var access in log.AllAsync(tenantId, citizenId, ct))
        {
            var line = describe.Describe(access, departments);
            await WriteAsync(target, Csv.Line(line.Id.ToString(CultureInfo.InvariantCulture), access.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                line.Who, line.What, line.Why, line.Reference, access.Action, access.BySelf ? "" : access.ActorRole, access.Purpose), ct);
        }
    }

    private static async Task TextAsync(ZipArchive archive, string path, string content, CancellationToken ct)
    {
        var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
        await using var target = await entry.OpenAsync(ct);
        await WriteAsync(target, content, ct);
    }

    private static Task WriteAsync(Stream target, string text, CancellationToken ct) => target.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    private static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(Indented);

    /// <summary>A file or folder name that stays inside its folder in every unzip program.</summary>
    internal static string Safe(string name)
    {
        var cleaned = new string(name.Select(ch => char.IsControl(ch) || ch is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : ch).ToArray()).Trim().TrimStart('.');
        if (cleaned.Length > 120)
        {
            cleaned = cleaned[^120..];
        }
        return cleaned.Length == 0 ? "datei" : cleaned;
    }

    private static string Readme(DateTimeOffset now) => $"""
        Ihre Daten aus dem Bürgerportal – Auskunft nach Art. 15 DSGVO
        =============================================================

        Erstellt am {now.UtcDateTime.ToString("dd.MM.yyyy 'um' HH:mm 'Uhr (UTC)'", CultureInfo.GetCultureInfo("de-DE"))}.

        Diese Datei enthält alle Daten, die zu Ihrem Konto im Bürgerportal gespeichert sind:

        konto.json
            Ihre Kontodaten: Name, E-Mail-Adresse, Vertrauensniveau der Anmeldung, wann das Konto angelegt wurde.
            Ihr Passwort ist nur als nicht umkehrbarer Hashwert gespeichert und deshalb nicht enthalten.

        antraege/<Aktenzeichen>/antrag.json
            Je Antrag: die Leistung, die zuständige Stelle, der Stand, alle Angaben aus dem Antragsformular
            ("antragsdaten"), die Nachrichten in Ihrem Postfach zu diesem Antrag und ein Verzeichnis der Dokumente.
            Hat ein Amt Daten aus Ihrem Antrag an ein anderes Amt übermittelt (z. B. an das Steueramt), hat das
            empfangende Amt einen eigenen Vorgang mit eigenem Aktenzeichen; er ist hier ebenfalls enthalten.

        antraege/<Aktenzeichen>/dokumente/
            Die Dokumente, die Sie auch im Postfach sehen: Ihre Nachweise, die Eingangsbestätigung, Bescheide und
            Anlagen von Nachrichten sowie Ihre Antworten.

        entwuerfe.json
            Angefangene, noch nicht eingereichte Anträge mit den bisher eingegebenen Daten.

        zugriffsprotokoll.csv
            Das Zugriffsprotokoll aus Ihrem Datencockpit: welche Stelle wann welche Ihrer Daten gelesen, erhalten oder
            übermittelt hat und zu welchem Zweck, sowie Ihre eigenen Anmeldungen und Zugriffe. Die Datei lässt sich mit
            einer Tabellenkalkulation öffnen (Trennzeichen Semikolon, Zeichensatz UTF-8).

        Nicht enthalten sind interne Arbeitsnotizen der Ämter (Aktenvermerke) und die Namen einzelner Beschäftigter.
        Auskunft darüber erhalten Sie auf Antrag bei der oder dem behördlichen Datenschutzbeauftragten.

        Dieser Export wurde im Zugriffsprotokoll vermerkt.
        """;
}
