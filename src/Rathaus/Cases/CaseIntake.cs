using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;
using Rathaus.Records;

namespace Rathaus.Cases;

/// <summary>The service an application is for, as installed in the tenant's catalog.</summary>
/// <param name="ServiceId">Service id (<c>hundeanmeldung</c>).</param>
/// <param name="Version">Installed package version.</param>
/// <param name="DepartmentKey">The department whose procedure the case belongs to.</param>
/// <param name="ReferenceCode">The service part of the case reference (<c>HUND</c>).</param>
/// <param name="ProcessId">BPMN process to start; null when the package has none.</param>
/// <param name="ProcessVersion">Deployed version of that process.</param>
public sealed record IntakeService(string ServiceId, string Version, string DepartmentKey, string ReferenceCode, string? ProcessId, int? ProcessVersion);

/// <summary>A document already in the blob store, to be recorded with the case; form data refers to evidence by its id.</summary>
public sealed record IntakeDocument(Guid Id, string Kind, string? FieldPath, string FileName, string ContentType, long Size, string Sha256);

/// <summary>Who submits: a citizen's account, an anonymous applicant or an API client.</summary>
public sealed record IntakeActor(string Kind, string? Id, Guid? CitizenId);

/// <summary>One application to turn into a case.</summary>
/// <param name="IdempotencyKey">A client's key: the same key again returns the first case.</param>
/// <param name="RequestSha256">Hash of the request content; the same key with other content is refused.</param>
/// <param name="DraftId">The portal draft being submitted: submitting it twice returns the first case.</param>
/// <param name="Language">The applicant's language (<c>de</c>, <c>en</c>); notices and messages of the case use it.</param>
/// <param name="AlsoInTransaction">Further writes that belong to the new case (e.g. the log of a transfer), run in its transaction with its id.</param>
public sealed record IntakeRequest(
    Tenant Tenant,
    IntakeService Service,
    JsonObject Data,
    IReadOnlyList<IntakeDocument> Documents,
    string Channel,
    IntakeActor Actor,
    string? CorrelationId,
    string? IdempotencyKey = null,
    string? RequestSha256 = null,
    Guid? DraftId = null,
    string Language = "de",
    Func<NpgsqlConnection, NpgsqlTransaction, Guid, CancellationToken, Task>? AlsoInTransaction = null);

/// <summary>A case as the applicant learns of it on the receipt.</summary>
/// <param name="Replayed">True when the submission had been made before and this is the first one's case.</param>
public sealed record SubmittedCase(Guid Id, string Reference, DateTimeOffset SubmittedAt, string? ProcessInstanceId, bool Replayed);

/// <summary>The same idempotency key was sent with different content.</summary>
public sealed class IdempotencyConflictException() : Exception("The idempotency key was already used for a different submission.");

/// <summary>
/// Turns a validated application into a case (Vorgang) of the responsible department: in one transaction the case
/// row with its data, the document records, the process start and the audit entry. The receipt may be shown only
/// after this returns. Submitting again (double click, reload, a retried request with the same key) returns the
/// first case and creates nothing. The case is filed into the E-Akte in the same transaction (<see cref="CaseFiling"/>).
/// </summary>
public sealed class CaseIntake(Db db, CaseReferences references, ProcessService processes, AuditTrail audit, CaseFiling filing, TimeProvider time)
{
    /// <param name="receipt">
    /// Renders and stores the receipt once the reference is known; it is filed with the case. Without it, a case
    /// submitted through the portal or the API is marked <c>receipt_pending</c> and its receipt is written right
    /// after the acknowledgement (Portal/Applications/PendingReceipts).
    /// </param>
    public async Task<SubmittedCase> SubmitAsync(IntakeRequest request, Func<Guid, string, DateTimeOffset, CancellationToken, Task<IntakeDocument>>? receipt,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await FindPreviousAsync(request, ct) is { } previous)
        {
            return previous;
        }

        var submittedAt = time.GetUtcNow();
        var reference = await references.NextAsync(request.Tenant, request.Service.ReferenceCode, submittedAt.Year, ct);
        var caseId = Guid.CreateVersion7(submittedAt);
        var documents = request.Documents.ToList();
        if (receipt is not null)
        {
            // Rendered before the transaction opens, so the transaction holds its locks only for the writes.
            documents.Add(await receipt(caseId, reference, submittedAt, ct));
        }

        try
        {
            return await db.InTenantAsync(request.Tenant.Id, (connection, tx) =>
                WriteAsync(connection, tx, request, caseId, reference, submittedAt, documents, ct), ct);
        }
        catch (AlreadySubmittedException)
        {
            // Another request with the same key or draft committed first: its case is the answer.
            return await FindPreviousAsync(request, ct) ?? throw new InvalidOperationException("The first submission vanished.");
        }
    }

    private async Task<SubmittedCase> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IntakeRequest request, Guid caseId,
        string reference, DateTimeOffset submittedAt, List<IntakeDocument> documents, CancellationToken ct)
    {
        if (request.DraftId is { } draftId)
        {
            var submitted = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT case_id FROM application_drafts WHERE id = @draftId FOR UPDATE", new { draftId }, tx, cancellationToken: ct));
            if (submitted is not null)
            {
                throw new AlreadySubmittedException();
            }
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO cases (id, tenant_id, reference, service_id, service_version, department_key, channel, citizen_id,
                               data, submitted_at, idempotency_key, request_sha256, language, receipt_pending)
            VALUES (@caseId, @tenantId, @reference, @ServiceId, @Version, @DepartmentKey, @channel, @citizenId,
                    @data::jsonb, @submittedAt, @idempotencyKey, @requestSha256, @language, @receiptPending)
            ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
            """, new
        {
            caseId,
            tenantId = request.Tenant.Id,
            reference,
            request.Service.ServiceId,
            request.Service.Version,
            request.Service.DepartmentKey,
            channel = request.Channel,
            citizenId = request.Actor.CitizenId,
            data = request.Data.ToJsonString(),
            submittedAt,
            idempotencyKey = request.IdempotencyKey,
            requestSha256 = request.RequestSha256,
            language = request.Language,
            receiptPending = request.Channel is "portal" or "api" && !documents.Exists(d => d.Kind == "receipt"),
        }, tx, cancellationToken: ct));
        if (inserted == 0)
        {
            throw new AlreadySubmittedException();
        }

        if (documents.Count > 0)
        {
            await InsertDocumentsAsync(connection, tx, request.Tenant.Id, caseId, submittedAt, documents, ct);
        }
        await filing.FileAsync(connection, tx, request.Tenant.Id, caseId, reference, request.Service.ServiceId, request.Service.Version,
            request.Service.DepartmentKey, submittedAt, ct);

        string? instanceId = null;
        if (request.Service.ProcessId is { } processId)
        {
            var instance = await processes.StartInTransactionAsync(connection, tx, request.Tenant.Id, new StartRequest
            {
                ProcessId = processId,
                Version = request.Service.ProcessVersion,
                BusinessKey = reference,
                Variables = new JsonObject
                {
                    ["application"] = request.Data.DeepClone(),
                    ["case"] = new JsonObject { ["id"] = caseId.ToString(), ["reference"] = reference, ["serviceId"] = request.Service.ServiceId },
                },
            }, ct);
            instanceId = instance.Id;
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE cases SET process_instance_id = @instanceId WHERE id = @caseId", new { instanceId, caseId }, tx, cancellationToken: ct));
        }

        await audit.AppendAsync(connection, tx, request.Tenant.Id, new AuditEntry(
            request.Actor.Kind, request.Actor.Id, "case.submitted", caseId, null, "application:" + request.Service.ServiceId, request.CorrelationId), ct);
        if (request.AlsoInTransaction is { } also)
        {
            await also(connection, tx, caseId, ct);
        }

        if (request.DraftId is { } draft)
        {
            // The draft's data now lives in the case; the draft keeps only the way to the receipt.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE application_drafts SET case_id = @caseId, data = '{}', updated_at = @submittedAt WHERE id = @draft;
                DELETE FROM draft_attachments WHERE draft_id = @draft;
                """, new { caseId, draft, submittedAt }, tx, cancellationToken: ct));
        }

        return new SubmittedCase(caseId, reference, submittedAt, instanceId, Replayed: false);
    }

    private static Task<int> InsertDocumentsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, Guid caseId,
        DateTimeOffset createdAt, List<IntakeDocument> documents, CancellationToken ct) =>
        // One statement for all documents: an application with many uploads stays one round trip.
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO case_documents (id, tenant_id, case_id, kind, field_path, file_name, content_type, size, sha256, created_at)
            SELECT id, @tenantId, @caseId, kind, field_path, file_name, content_type, size, sha256, @createdAt
            FROM unnest(@ids, @kinds, @paths, @names, @types, @sizes, @hashes) AS d(id, kind, field_path, file_name, content_type, size, sha256)
            """, new
        {
            tenantId,
            caseId,
            createdAt,
            ids = documents.Select(d => d.Id).ToArray(),
            kinds = documents.Select(d => d.Kind).ToArray(),
            paths = documents.Select(d => d.FieldPath).ToArray(),
            names = documents.Select(d => d.FileName).ToArray(),
            types = documents.Select(d => d.ContentType).ToArray(),
            sizes = documents.Select(d => d.Size).ToArray(),
            hashes = documents.Select(d => d.Sha256).ToArray(),
        }, tx, cancellationToken: ct));

    private async Task<SubmittedCase?> FindPreviousAsync(IntakeRequest request, CancellationToken ct)
    {
        if (request.IdempotencyKey is null && request.DraftId is null)
        {
            return null;
        }
        var row = await db.InTenantAsync(request.Tenant.Id, (connection, tx) => connection.QuerySingleOrDefaultAsync<PreviousRow>(
            new CommandDefinition("""
                SELECT c.id AS Id, c.reference AS Reference, c.submitted_at AS SubmittedAt,
                       c.process_instance_id AS ProcessInstanceId, c.request_sha256 AS RequestSha256
                FROM cases c
                WHERE (@key::text IS NOT NULL AND c.idempotency_key = @key)
                   OR (@draftId::uuid IS NOT NULL AND c.id = (SELECT case_id FROM application_drafts WHERE id = @draftId))
                LIMIT 1
                """, new { key = request.IdempotencyKey, draftId = request.DraftId }, tx, cancellationToken: ct)), ct);
        if (row is null)
        {
            return null;
        }
        if (request.IdempotencyKey is not null && request.RequestSha256 is not null && row.RequestSha256 != request.RequestSha256)
        {
            throw new IdempotencyConflictException();
        }
        return new SubmittedCase(row.Id, row.Reference, row.SubmittedAt, row.ProcessInstanceId, Replayed: true);
    }

    private sealed class AlreadySubmittedException : Exception;

    private sealed class PreviousRow
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public string? ProcessInstanceId { get; init; }
        public string? RequestSha256 { get; init; }
    }
}
