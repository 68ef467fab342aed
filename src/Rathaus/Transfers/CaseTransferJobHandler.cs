using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Rathaus.Cases;
using Rathaus.CatalogModule;
using Rathaus.Forms;
using Rathaus.Platform.Database;
using Rathaus.Platform.Tenancy;
using Rathaus.Processes;

namespace Rathaus.Transfers;

/// <summary>
/// <c>rathaus:transfer</c> — the transfer seam. Passes data of a case to another department's procedure as the
/// sending package declares it (service.json <c>transfers</c>, chosen by the header <c>service</c>): a NEW case of
/// the receiving service with exactly the declared fields of the application and the documents of declared file
/// fields, nothing else; its process starts; the transfer is logged in <c>case_transfers</c> and in the audit trail
/// of both cases with the legal basis. Sets <c>transfer</c> { service, department, reference }. A job that runs
/// again finds the case it created.
/// </summary>
/// <remarks>
/// This is a seam on purpose: the privacy module (issue "Privacy") will own transfers — consent, objection, a
/// register of transfers for the data-protection officer. Until then this handler is the only way data passes
/// between departments, and it passes only what a package declares.
/// </remarks>
public sealed class CaseTransferJobHandler(Db db, CaseLookup cases, IServiceCatalog catalog, TenantDirectory tenants, CaseIntake intake, AuditTrail audit, TimeProvider time)
    : ITenantJobHandler
{
    public const string TaskType = "rathaus:transfer";

    public async Task<JsonObject?> HandleAsync(TenantJobContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Headers.GetValueOrDefault("service") is { Length: > 0 } s ? s
            : throw new InvalidOperationException("The transfer task has no header 'service' naming the receiving service.");
        var caseId = (context.Variables["case"] as JsonObject)?["id"] is JsonValue id && Guid.TryParse(id.ToString(), out var g) ? g
            : throw new InvalidOperationException("The variable case.id is missing; a transfer passes on the data of a case.");

        if (await FindEarlierAsync(context.TenantId, context.Job.Id, ct) is { } earlier)
        {
            return earlier;
        }
        var source = await cases.FindAsync(context.TenantId, caseId, ct)
            ?? throw new InvalidOperationException($"Case {caseId} does not exist.");
        var sending = await catalog.GetVersionAsync(context.TenantId, source.ServiceId, source.ServiceVersion, ct)
            ?? throw new InvalidOperationException($"Service {source.ServiceId} {source.ServiceVersion} is not installed.");
        var declaration = sending.Service.Transfers.FirstOrDefault(t => t.Service == target)
            ?? throw new InvalidOperationException($"Service {source.ServiceId} {source.ServiceVersion} declares no transfer to '{target}' (service.json transfers).");
        var receiving = await catalog.GetCurrentAsync(context.TenantId, declaration.Service, ct)
            ?? throw new InvalidOperationException($"The receiving service '{declaration.Service}' is not installed in this tenant.");
        if (receiving.Service.Department != declaration.To || receiving.FormJson is null || receiving.ProcessId is null)
        {
            throw new InvalidOperationException(
                $"The receiving service '{declaration.Service}' must be a procedure (form and process) of department '{declaration.To}'; it belongs to '{receiving.Service.Department}'.");
        }

        var form = FormDefinition.Parse(receiving.FormJson);
        var projected = Project(source.Data, declaration.Fields);
        // Hashed before the documents get their new ids, so the same transfer again hashes the same.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projected.ToJsonString())));
        var documents = await CopyDocumentsAsync(context.TenantId, source.Id, form, projected, ct);
        var validation = FormValidator.Validate(form, projected, time: time);
        if (!validation.IsValid)
        {
            throw new InvalidOperationException(
                $"The data transferred from {source.ServiceId} does not fit the form of {declaration.Service}: " +
                string.Join(", ", validation.Errors.Select(e => e.ToString())));
        }

        var tenant = await tenants.FindByIdAsync(context.TenantId, ct) ?? throw new InvalidOperationException("The tenant does not exist.");
        var legalBasis = declaration.LegalBasis.De;
        var jobId = context.Job.Id;
        var code = receiving.Service.CaseReferenceCode is { Length: > 0 } c ? c : declaration.Service.ToUpperInvariant()[..Math.Min(4, declaration.Service.Length)];
        var submitted = await intake.SubmitAsync(new IntakeRequest(
            tenant,
            new IntakeService(receiving.Service.Id, receiving.Version, receiving.Service.Department, code, receiving.ProcessId, receiving.ProcessVersion),
            validation.Data,
            documents,
            "transfer",
            new IntakeActor("system", TaskType, source.CitizenId),
            CorrelationId: jobId,
            IdempotencyKey: "transfer:" + jobId,
            RequestSha256: hash,
            Language: source.Language,
            AlsoInTransaction: (connection, tx, newCaseId, token) =>
                LogAsync(connection, tx, context.TenantId, jobId, source, newCaseId, declaration, legalBasis, token)), receipt: null, ct);

        return Result(declaration.Service, declaration.To, submitted.Reference);
    }

    private static JsonObject Result(string service, string department, string reference) => new()
    {
        ["transfer"] = new JsonObject { ["service"] = service, ["department"] = department, ["reference"] = reference },
    };

    /// <summary>The result of a transfer this job made before (it ran, but its result could not be committed).</summary>
    private async Task<JsonObject?> FindEarlierAsync(Guid tenantId, string jobId, CancellationToken ct)
    {
        var row = await db.InTenantAsync(tenantId, (c, tx) => c.QuerySingleOrDefaultAsync<(string Service, string Department, string Reference)?>(
            new CommandDefinition("""
                SELECT t.to_service_id, t.to_department_key, c.reference
                FROM case_transfers t JOIN cases c ON c.id = t.to_case_id
                WHERE t.job_id = @jobId
                """, new { jobId }, tx, cancellationToken: ct)), ct);
        return row is { } r ? Result(r.Service, r.Department, r.Reference) : null;
    }

    /// <summary>
    /// Exactly the declared fields: <c>group.field</c> of a group object, or of every item of a repeatable group (the
    /// items keep their order, so the n-th dog stays the n-th dog). Absent values stay absent.
    /// </summary>
    internal static JsonObject Project(JsonObject data, IReadOnlyList<string> fields)
    {
        var result = new JsonObject();
        foreach (var path in fields)
        {
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            var (group, field) = (path[..dot], path[(dot + 1)..]);
            switch (data[group])
            {
                case JsonArray items:
                {
                    var list = result[group] as JsonArray;
                    if (list is null)
                    {
                        list = [.. items.Select(_ => (JsonNode)new JsonObject())];
                        result[group] = list;
                    }
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i] is JsonObject item && item[field] is { } value)
                        {
                            list[i]![field] = value.DeepClone();
                        }
                    }
                    break;
                }
                case JsonObject values when values[field] is { } value:
                    if (result[group] is not JsonObject target)
                    {
                        target = [];
                        result[group] = target;
                    }
                    target[field] = value.DeepClone();
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// The documents of transferred file fields become documents of the new case (the same content in the blob store,
    /// new records); the references in the data are rewritten to them.
    /// </summary>
    private async Task<List<IntakeDocument>> CopyDocumentsAsync(Guid tenantId, Guid sourceCaseId, FormDefinition form, JsonObject data, CancellationToken ct)
    {
        var references = new List<(JsonObject Reference, string FieldPath)>();
        foreach (var field in form.Fields.Where(f => f.Kind == FormFieldKind.File))
        {
            var group = data[field.Group.Id];
            var holders = group is JsonArray items ? items.OfType<JsonObject>().Select((item, i) => (item, $"{field.Group.Id}[{i}].{field.Id}"))
                : group is JsonObject one ? [(one, $"{field.Group.Id}.{field.Id}")] : [];
            foreach (var (holder, path) in holders)
            {
                references.AddRange((holder[field.Id] as JsonArray ?? []).OfType<JsonObject>().Select(r => (r, path)));
            }
        }
        if (references.Count == 0)
        {
            return [];
        }
        var ids = references.Select(r => Guid.TryParse(r.Reference["id"]?.ToString(), out var id) ? id : Guid.Empty).ToArray();
        var rows = (await db.InTenantAsync(tenantId, (c, tx) => c.QueryAsync<SourceDocument>(new CommandDefinition("""
            SELECT id AS Id, file_name AS FileName, content_type AS ContentType, size AS Size, sha256 AS Sha256
            FROM case_documents WHERE case_id = @sourceCaseId AND id = ANY(@ids)
            """, new { sourceCaseId, ids }, tx, cancellationToken: ct)), ct)).ToDictionary(r => r.Id);
        var documents = new List<IntakeDocument>();
        foreach (var (reference, path) in references)
        {
            var document = Guid.TryParse(reference["id"]?.ToString(), out var id) && rows.TryGetValue(id, out var row) ? row
                : throw new InvalidOperationException($"The document {reference["id"]} of {path} is no document of case {sourceCaseId}.");
            var copy = Guid.CreateVersion7(time.GetUtcNow());
            reference["id"] = copy.ToString();
            documents.Add(new IntakeDocument(copy, "evidence", path, document.FileName, document.ContentType, document.Size, document.Sha256));
        }
        return documents;
    }

    private async Task LogAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, string jobId, CaseFacts source, Guid newCaseId,
        ServiceTransfer declaration, string legalBasis, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO case_transfers (id, tenant_id, job_id, from_case_id, to_case_id, to_department_key, to_service_id, fields, legal_basis, at)
            VALUES (@id, @tenantId, @jobId, @from, @to, @department, @service, @fields, @legalBasis, @at)
            """, new
        {
            id = Guid.CreateVersion7(time.GetUtcNow()),
            tenantId,
            jobId,
            from = source.Id,
            to = newCaseId,
            department = declaration.To,
            service = declaration.Service,
            fields = declaration.Fields.ToArray(),
            legalBasis,
            at = time.GetUtcNow(),
        }, tx, cancellationToken: ct));
        var fields = string.Join(", ", declaration.Fields);
        await audit.AppendAsync(c, tx, tenantId, new AuditEntry("system", TaskType, "case.transferred", source.Id, null,
            $"transfer to {declaration.To}/{declaration.Service} ({fields}); legal basis: {legalBasis}", jobId), ct);
        await audit.AppendAsync(c, tx, tenantId, new AuditEntry("system", TaskType, "case.received", newCaseId, null,
            $"transfer from {source.DepartmentKey}/{source.ServiceId} {source.Reference} ({fields}); legal basis: {legalBasis}", jobId), ct);
    }

    private sealed class SourceDocument
    {
        public Guid Id { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public long Size { get; init; }
        public string Sha256 { get; init; } = "";
    }
}
