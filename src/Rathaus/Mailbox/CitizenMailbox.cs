using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.Platform.Blobs;
using Rathaus.Platform.Database;
using Rathaus.Platform.Uploads;
using Rathaus.Processes;

namespace Rathaus.Mailbox;

/// <summary>
/// The citizen's mailbox (Postfach): messages between a department and the citizen account of a case, the status of
/// the citizen's applications, and the documents the citizen may read. Processes deliver notices and information
/// requests through it, the workbench messages and the case's messages; the portal pages list, read and answer.
/// Every delivery and every read by the citizen is written to the audit trail; an answer continues a process that
/// waits for <see cref="AnswerMessage"/> with the case id as correlation key.
/// </summary>
public sealed class CitizenMailbox(Db db, ProcessService processes, AuditTrail audit, IBlobStore blobs, MailboxNotifier notifier, TimeProvider time)
{
    /// <summary>The BPMN message an answer correlates (correlation key: the case id) — docs/mailbox.md.</summary>
    public const string AnswerMessage = "antwort-buerger";

    /// <summary>Longest answer text, as the column allows.</summary>
    public const int MaxAnswerLength = 20000;

    /// <summary>Documents the citizen may read: their own uploads and receipt, and what a message to them carried.</summary>
    private const string VisibleDocuments = """
        (d.kind IN ('evidence', 'receipt', 'reply')
         OR EXISTS (SELECT 1 FROM mailbox_messages v WHERE v.case_id = d.case_id AND v.direction = 'to_citizen' AND d.id = ANY (v.document_ids)))
        """;

    private const string SelectDocument = """
        SELECT d.id, d.case_id, d.kind, coalesce(d.title, d.file_name) AS title, d.file_name, d.content_type, d.size, d.created_at, d.sha256
        FROM case_documents d
        """;

    // An answer never comes before the message it answers, also when both carry the same time.
    private const string OldestFirst = "m.created_at, m.direction = 'from_citizen', m.id";
    private const string NewestFirst = "m.created_at DESC, m.direction = 'from_citizen' DESC, m.id DESC";

    private const string SelectMessage = """
        SELECT m.id, m.case_id, c.reference AS case_reference, m.direction, m.kind, m.subject, m.body, m.document_ids, m.reply_due,
               m.in_reply_to, m.sent_by, m.created_at, m.read_at
        FROM mailbox_messages m JOIN cases c ON c.id = m.case_id
        """;

    /// <summary>
    /// Delivers a message to the citizen of the case in its own transaction and notifies them by e-mail. Null when the
    /// case has no citizen account (an anonymous or API application): there is no mailbox to deliver to.
    /// </summary>
    public async Task<Delivery?> DeliverAsync(Guid tenantId, OutgoingMessage message, CancellationToken ct = default)
    {
        var delivery = await db.InTenantAsync(tenantId, (c, tx) => DeliverAsync(c, tx, tenantId, message, ct), ct);
        if (delivery is not null)
        {
            await NotifyAsync(tenantId, delivery, ct);
        }
        return delivery;
    }

    /// <summary>
    /// Delivers inside the caller's tenant transaction (e.g. with the notice document it carries). Call
    /// <see cref="NotifyAsync"/> after the commit. With a <see cref="OutgoingMessage.JobId"/> a second delivery by the
    /// same job returns the first message.
    /// </summary>
    public async Task<Delivery?> DeliverAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, OutgoingMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind is not (MessageKinds.Notice or MessageKinds.InformationRequest or MessageKinds.Message))
        {
            throw new ArgumentException($"A message to the citizen is of kind notice, information_request or message, not '{message.Kind}'.", nameof(message));
        }
        var citizenId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT citizen_id FROM cases WHERE id = @CaseId", new { message.CaseId }, tx, cancellationToken: ct));
        if (citizenId is not { } citizen)
        {
            return null;
        }
        if (message.JobId is { } jobId
            && await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM mailbox_messages WHERE job_id = @jobId", new { jobId }, tx, cancellationToken: ct)) is { } existing)
        {
            return new Delivery(existing, message.CaseId, citizen, IsNew: false);
        }
        var id = Guid.CreateVersion7(time.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO mailbox_messages (id, tenant_id, case_id, citizen_id, direction, kind, subject, body, document_ids, reply_due,
                                          sent_by, created_at, job_id)
            VALUES (@id, @tenantId, @CaseId, @citizen, 'to_citizen', @Kind, @subject, @Body, @documentIds, @replyDue, @SentBy, @now, @JobId)
            """, new
        {
            id,
            tenantId,
            message.CaseId,
            citizen,
            message.Kind,
            subject = Shorten(message.Subject, 300),
            message.Body,
            documentIds = message.DocumentIds.ToArray(),
            replyDue = message.ReplyDue,
            message.SentBy,
            now = time.GetUtcNow(),
            message.JobId,
        }, tx, cancellationToken: ct));
        var actorKind = message.SentBy == "system" ? "system" : "staff";
        await audit.AppendAsync(connection, tx, tenantId, new AuditEntry(actorKind, message.SentBy, "message.delivered", message.CaseId, null,
            "mailbox:" + message.Kind, message.CorrelationId) { Role = message.SenderRole }, ct);
        foreach (var document in message.DocumentIds)
        {
            await audit.AppendAsync(connection, tx, tenantId, new AuditEntry(actorKind, message.SentBy, "document.delivered", message.CaseId, document,
                "mailbox:" + message.Kind, message.CorrelationId) { Role = message.SenderRole }, ct);
        }
        return new Delivery(id, message.CaseId, citizen, IsNew: true);
    }

    /// <summary>Tells the citizen by e-mail, without any content, that a new message waits (when enabled and the delivery is new).</summary>
    public Task NotifyAsync(Guid tenantId, Delivery delivery, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.IsNew ? notifier.NotifyAsync(tenantId, delivery, ct) : Task.CompletedTask;
    }

    /// <summary>The citizen's applications with their status, newest first.</summary>
    public Task<IReadOnlyList<CitizenApplication>> ListApplicationsAsync(Guid tenantId, Guid citizenId, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<CitizenApplication>>(tenantId, async (c, tx) =>
            (await ApplicationsAsync(c, tx, citizenId, null, ct)).ToList(), ct);

    /// <summary>One application of the citizen with its messages and documents; null when it is not theirs.</summary>
    public Task<CitizenApplicationFile?> GetApplicationAsync(Guid tenantId, Guid citizenId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if ((await ApplicationsAsync(c, tx, citizenId, caseId, ct)).SingleOrDefault() is not { } application)
            {
                return null;
            }
            var messages = await MessagesAsync(c, tx, "m.case_id = @caseId AND m.citizen_id = @citizenId", new { caseId, citizenId }, OldestFirst, ct);
            var documents = (await c.QueryAsync<DocumentRow>(new CommandDefinition(
                $"{SelectDocument} WHERE d.case_id = @caseId AND {VisibleDocuments} ORDER BY d.created_at, d.id",
                new { caseId }, tx, cancellationToken: ct))).Select(d => d.ToDocument()).ToList();
            return new CitizenApplicationFile(application, messages, documents);
        }, ct);

    /// <summary>Every message to and from the citizen, newest first.</summary>
    public Task<IReadOnlyList<MailboxMessage>> ListMessagesAsync(Guid tenantId, Guid citizenId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => MessagesAsync(c, tx, "m.citizen_id = @citizenId", new { citizenId }, NewestFirst, ct), ct);

    /// <summary>Every message of a case, oldest first: the department's view of the conversation (the workbench).</summary>
    public Task<IReadOnlyList<MailboxMessage>> ListForCaseAsync(Guid tenantId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => MessagesAsync(c, tx, "m.case_id = @caseId", new { caseId }, OldestFirst, ct), ct);

    /// <summary>Messages to the citizen that they have not opened.</summary>
    public Task<int> CountUnreadAsync(Guid tenantId, Guid citizenId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => c.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(*)::int FROM mailbox_messages WHERE citizen_id = @citizenId AND direction = 'to_citizen' AND read_at IS NULL
            """, new { citizenId }, tx, cancellationToken: ct)), ct);

    /// <summary>A message of the citizen without opening it (no read mark, no audit entry); null when it is not theirs.</summary>
    public Task<MailboxMessage?> FindMessageAsync(Guid tenantId, Guid citizenId, Guid messageId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
            (await MessagesAsync(c, tx, "m.id = @messageId AND m.citizen_id = @citizenId", new { messageId, citizenId }, "m.id", ct)).SingleOrDefault(), ct);

    /// <summary>The files the citizen has given the case so far (evidence and answers), which the upload limits per case count.</summary>
    public Task<CaseUploads> UploadsOfCaseAsync(Guid tenantId, Guid caseId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var (files, bytes) = await c.QuerySingleAsync<(int, long)>(new CommandDefinition("""
                SELECT count(*)::int, coalesce(sum(size), 0)::bigint FROM case_documents WHERE case_id = @caseId AND kind IN ('evidence', 'reply')
                """, new { caseId }, tx, cancellationToken: ct));
            return new CaseUploads(files, bytes);
        }, ct);

    /// <summary>
    /// Opens a message for the citizen: marks it read the first time and writes an audit entry every time. Null when
    /// the message is not the citizen's.
    /// </summary>
    public Task<MailboxMessage?> ReadMessageAsync(Guid tenantId, Guid citizenId, Guid messageId, string? correlationId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var message = (await MessagesAsync(c, tx, "m.id = @messageId AND m.citizen_id = @citizenId", new { messageId, citizenId }, "m.id", ct))
                .SingleOrDefault();
            if (message is null)
            {
                return null;
            }
            if (message.Unread)
            {
                var now = time.GetUtcNow();
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE mailbox_messages SET read_at = @now WHERE id = @messageId AND read_at IS NULL", new { now, messageId }, tx, cancellationToken: ct));
            }
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("citizen", citizenId.ToString(), "message.read", message.CaseId, null,
                "applicant:mailbox", correlationId), ct);
            return message;
        }, ct);

    /// <summary>
    /// Opens a document of one of the citizen's cases for reading and writes an audit entry; null when the case is not
    /// theirs or the document is not one the citizen may read.
    /// </summary>
    public async Task<OpenedDocument?> OpenDocumentAsync(Guid tenantId, Guid citizenId, Guid caseId, Guid documentId, string? correlationId,
        CancellationToken ct = default)
    {
        var document = await db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition($"""
                {SelectDocument} JOIN cases c ON c.id = d.case_id
                WHERE d.id = @documentId AND d.case_id = @caseId AND c.citizen_id = @citizenId AND {VisibleDocuments}
                """, new { documentId, caseId, citizenId }, tx, cancellationToken: ct));
            if (row is null)
            {
                return null;
            }
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("citizen", citizenId.ToString(), "document.downloaded", caseId, documentId,
                "applicant:mailbox", correlationId), ct);
            return row.ToDocument();
        }, ct);
        if (document is null || await blobs.OpenReadAsync(document.Sha256, ct) is not { } content)
        {
            return null;
        }
        return new OpenedDocument(document, content);
    }

    /// <summary>
    /// The citizen answers a message to them with text and files (already checked and stored, see
    /// <c>IUploadInspector</c>). In one transaction: the files become <c>reply</c> documents of the case, the answer a
    /// message to the department, the message answered counts as read, the audit entry is written, and a process instance
    /// waiting for <see cref="AnswerMessage"/> with the case id continues with the variable <c>antwort</c>
    /// (<c>{ messageId, inReplyTo, text, documentIds, receivedAt }</c>). Nothing is stored when the outcome is not
    /// <see cref="AnswerOutcome.Answered"/>.
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(Guid tenantId, Guid citizenId, Guid messageId, string? text, IReadOnlyList<AnswerFile> files,
        string answerSubjectPrefix, string? correlationId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var body = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var original = await db.InTenantAsync(tenantId, async (c, tx) =>
            (await MessagesAsync(c, tx, "m.id = @messageId AND m.citizen_id = @citizenId AND m.direction = 'to_citizen'",
                new { messageId, citizenId }, "m.id", ct)).SingleOrDefault(), ct);
        if (original is null)
        {
            return new AnswerResult(AnswerOutcome.NotFound);
        }
        if (body.Length == 0)
        {
            return new AnswerResult(AnswerOutcome.Empty);
        }
        if (body.Length > MaxAnswerLength)
        {
            return new AnswerResult(AnswerOutcome.TooLong);
        }

        var now = time.GetUtcNow();
        var replyId = Guid.CreateVersion7(now);
        var documents = files.Select(f => (Id: Guid.CreateVersion7(now), File: f)).ToList();
        var subject = Shorten(answerSubjectPrefix + original.Subject, 300);
        var continued = await processes.CorrelateIfWaitingAsync(tenantId, AnswerMessage, original.CaseId.ToString(), async (c, tx, token) =>
        {
            foreach (var (id, file) in documents)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO case_documents (id, tenant_id, case_id, kind, file_name, content_type, size, sha256, created_at, title, created_by)
                    VALUES (@id, @tenantId, @caseId, 'reply', @FileName, @ContentType, @Size, @Sha256, @now, @FileName, 'citizen')
                    """, new { id, tenantId, caseId = original.CaseId, file.FileName, file.ContentType, file.Size, file.Sha256, now }, tx, cancellationToken: token));
            }
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO mailbox_messages (id, tenant_id, case_id, citizen_id, direction, kind, subject, body, document_ids, in_reply_to, sent_by, created_at)
                VALUES (@replyId, @tenantId, @caseId, @citizenId, 'from_citizen', 'reply', @subject, @body, @documentIds, @messageId, @sentBy, @now);
                UPDATE mailbox_messages SET read_at = @now WHERE id = @messageId AND read_at IS NULL;
                """, new
            {
                replyId,
                tenantId,
                caseId = original.CaseId,
                citizenId,
                subject,
                body,
                documentIds = documents.Select(d => d.Id).ToArray(),
                messageId,
                sentBy = citizenId.ToString(),
                now,
            }, tx, cancellationToken: token));
            await audit.AppendAsync(c, tx, tenantId, new AuditEntry("citizen", citizenId.ToString(), "message.answered", original.CaseId, null,
                "applicant:mailbox", correlationId), token);
            return new JsonObject
            {
                ["antwort"] = new JsonObject
                {
                    ["messageId"] = replyId.ToString(),
                    ["inReplyTo"] = messageId.ToString(),
                    ["text"] = body,
                    ["documentIds"] = new JsonArray(documents.Select(d => (JsonNode)d.Id.ToString()).ToArray()),
                    ["receivedAt"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                },
            };
        }, ct);
        return new AnswerResult(AnswerOutcome.Answered, replyId, continued);
    }

    private static async Task<IEnumerable<CitizenApplication>> ApplicationsAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid citizenId, Guid? caseId,
        CancellationToken ct) =>
        (await c.QueryAsync<ApplicationRow>(new CommandDefinition("""
            SELECT c.id AS case_id, c.reference, c.service_id, c.service_version, c.submitted_at, c.milestone, c.closed_at,
                   (SELECT count(*)::int FROM mailbox_messages u
                    WHERE u.case_id = c.id AND u.direction = 'to_citizen' AND u.read_at IS NULL) AS unread,
                   r.id AS open_request, r.reply_due
            FROM cases c
            LEFT JOIN LATERAL (
                SELECT q.id, q.reply_due FROM mailbox_messages q
                WHERE q.case_id = c.id AND q.kind = 'information_request'
                  AND NOT EXISTS (SELECT 1 FROM mailbox_messages a
                                  WHERE a.case_id = c.id AND a.direction = 'from_citizen' AND a.created_at >= q.created_at)
                ORDER BY q.created_at DESC LIMIT 1) r ON true
            WHERE c.citizen_id = @citizenId AND (@caseId::uuid IS NULL OR c.id = @caseId)
            ORDER BY c.submitted_at DESC, c.id DESC
            """, new { citizenId, caseId }, tx, cancellationToken: ct))).Select(r => r.ToApplication());

    private static async Task<IReadOnlyList<MailboxMessage>> MessagesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string where, object parameters,
        string order, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<MessageRow>(new CommandDefinition($"{SelectMessage} WHERE {where} ORDER BY {order}", parameters, tx,
            cancellationToken: ct))).ToList();
        var ids = rows.SelectMany(r => r.DocumentIds).Distinct().ToArray();
        var documents = ids.Length == 0
            ? []
            : (await c.QueryAsync<DocumentRow>(new CommandDefinition($"{SelectDocument} WHERE d.id = ANY (@ids)", new { ids }, tx, cancellationToken: ct)))
                .ToDictionary(d => d.Id, d => d.ToDocument());
        return rows.Select(r => r.ToMessage(r.DocumentIds.Where(documents.ContainsKey).Select(id => documents[id]).ToList())).ToList();
    }

    private static string Shorten(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }

    private sealed class ApplicationRow
    {
        public Guid CaseId { get; init; }
        public string Reference { get; init; } = "";
        public string ServiceId { get; init; } = "";
        public string ServiceVersion { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public string? Milestone { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public int Unread { get; init; }
        public Guid? OpenRequest { get; init; }
        public DateTime? ReplyDue { get; init; }

        public CitizenApplication ToApplication()
        {
            var due = ReplyDue is { } d ? DateOnly.FromDateTime(d) : (DateOnly?)null;
            var stage = ClosedAt is not null ? ApplicationStage.Closed
                : OpenRequest is not null ? ApplicationStage.InformationRequested
                : Milestone is not null ? ApplicationStage.Milestone
                : ApplicationStage.Received;
            return new CitizenApplication(CaseId, Reference, ServiceId, ServiceVersion, SubmittedAt,
                new ApplicationStatus(stage, Milestone, stage == ApplicationStage.InformationRequested ? due : null, ClosedAt), Unread);
        }
    }

    private sealed class MessageRow
    {
        public Guid Id { get; init; }
        public Guid CaseId { get; init; }
        public string CaseReference { get; init; } = "";
        public string Direction { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Body { get; init; } = "";
        public Guid[] DocumentIds { get; init; } = [];
        public DateTime? ReplyDue { get; init; }
        public Guid? InReplyTo { get; init; }
        public string SentBy { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? ReadAt { get; init; }

        public MailboxMessage ToMessage(IReadOnlyList<MailboxDocument> documents) => new(Id, CaseId, CaseReference, Direction, Kind, Subject, Body,
            documents, ReplyDue is { } d ? DateOnly.FromDateTime(d) : null, InReplyTo, SentBy, CreatedAt, ReadAt);
    }

    private sealed class DocumentRow
    {
        public Guid Id { get; init; }
        public Guid CaseId { get; init; }
        public string Kind { get; init; } = "";
        public string Title { get; init; } = "";
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public long Size { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Sha256 { get; init; } = "";

        public MailboxDocument ToDocument() => new(Id, CaseId, Kind, Title, FileName, ContentType, Size, CreatedAt, Sha256);
    }
}
