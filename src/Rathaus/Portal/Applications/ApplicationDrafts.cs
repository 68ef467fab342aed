using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Options;
using Rathaus.Platform.Database;

namespace Rathaus.Portal.Applications;

/// <summary>How long drafts live.</summary>
public sealed class DraftOptions
{
    public const string Section = "Drafts";

    /// <summary>Days an anonymous draft (reached by its secret link) is kept after its last change.</summary>
    public int AnonymousDays { get; set; } = 30;

    /// <summary>Days a draft in a citizen's account is kept after its last change.</summary>
    public int AccountDays { get; set; } = 180;
}

/// <summary>A draft application (Antragsentwurf): the data entered so far and the files uploaded into it.</summary>
public sealed record ApplicationDraft(
    Guid Id,
    string ServiceId,
    string ServiceVersion,
    Guid? CitizenId,
    byte[] SecretSha256,
    JsonObject Data,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    Guid? CaseId,
    IReadOnlyList<DraftAttachment> Attachments)
{
    /// <summary>
    /// A draft of an account is the account holder's alone; an anonymous draft is whoever holds its secret
    /// (a cookie in the browser that started it, or the resume link).
    /// </summary>
    public bool MayBeOpenedBy(Guid? citizenId, string? secret) =>
        CitizenId is { } owner ? owner == citizenId : secret is not null && CryptographicOperations.FixedTimeEquals(Hash(secret), SecretSha256);

    internal static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));
}

/// <summary>A file uploaded into a draft, already checked and in the blob store.</summary>
public sealed record DraftAttachment(Guid Id, string FieldPath, string FileName, string ContentType, long Size, string Sha256);

/// <summary>A draft in a citizen's list of unfinished applications.</summary>
public sealed class DraftSummary
{
    public Guid Id { get; init; }
    public string ServiceId { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>Drafts in PostgreSQL, per tenant.</summary>
public sealed class ApplicationDrafts(Db db, TimeProvider time, IOptions<DraftOptions> options)
{
    /// <summary>Starts a draft; returns it and the secret that opens it (only its hash is stored).</summary>
    public async Task<(ApplicationDraft Draft, string Secret)> CreateAsync(Guid tenantId, string serviceId, string serviceVersion, Guid? citizenId,
        CancellationToken ct)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var draft = new ApplicationDraft(Guid.CreateVersion7(now), serviceId, serviceVersion, citizenId, ApplicationDraft.Hash(secret),
            [], now, ExpiryFrom(now, citizenId), null, []);
        await db.InTenantAsync(tenantId, (c, tx) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO application_drafts (id, tenant_id, service_id, service_version, citizen_id, secret_sha256, data, created_at, updated_at, expires_at)
            VALUES (@Id, @tenantId, @ServiceId, @ServiceVersion, @CitizenId, @SecretSha256, '{}', @UpdatedAt, @UpdatedAt, @ExpiresAt)
            """, new { draft.Id, tenantId, draft.ServiceId, draft.ServiceVersion, draft.CitizenId, draft.SecretSha256, draft.UpdatedAt, draft.ExpiresAt },
            tx, cancellationToken: ct)), ct);
        return (draft, secret);
    }

    /// <summary>The draft, or null when it does not exist or has expired.</summary>
    public Task<ApplicationDraft?> FindAsync(Guid tenantId, Guid draftId, CancellationToken ct) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<DraftRow>(new CommandDefinition("""
                SELECT id AS Id, service_id AS ServiceId, service_version AS ServiceVersion, citizen_id AS CitizenId,
                       secret_sha256 AS SecretSha256, data::text AS Data, updated_at AS UpdatedAt, expires_at AS ExpiresAt, case_id AS CaseId
                FROM application_drafts WHERE id = @draftId AND (expires_at > @now OR case_id IS NOT NULL)
                """, new { draftId, now = time.GetUtcNow() }, tx, cancellationToken: ct));
            if (row is null)
            {
                return null;
            }
            var attachments = await c.QueryAsync<DraftAttachment>(new CommandDefinition("""
                SELECT id AS Id, field_path AS FieldPath, file_name AS FileName, content_type AS ContentType, size AS Size, sha256 AS Sha256
                FROM draft_attachments WHERE draft_id = @draftId ORDER BY created_at, id
                """, new { draftId }, tx, cancellationToken: ct));
            return new ApplicationDraft(row.Id, row.ServiceId, row.ServiceVersion, row.CitizenId, row.SecretSha256,
                JsonNode.Parse(row.Data) as JsonObject ?? [], row.UpdatedAt, row.ExpiresAt, row.CaseId, attachments.ToList());
        }, ct);

    /// <summary>Open drafts of a citizen's account, newest first.</summary>
    public Task<IReadOnlyList<DraftSummary>> ListForCitizenAsync(Guid tenantId, Guid citizenId, CancellationToken ct) =>
        db.InTenantAsync<IReadOnlyList<DraftSummary>>(tenantId, async (c, tx) =>
            (await c.QueryAsync<DraftSummary>(new CommandDefinition("""
                SELECT id, service_id, updated_at, expires_at FROM application_drafts
                WHERE citizen_id = @citizenId AND case_id IS NULL AND expires_at > @now
                ORDER BY updated_at DESC
                """, new { citizenId, now = time.GetUtcNow() }, tx, cancellationToken: ct))).ToList(), ct);

    /// <summary>
    /// Saves the data entered so far with the files it newly refers to and without those it no longer refers to, in
    /// one transaction, so the data never names a file the draft does not hold; every change extends the draft's life.
    /// </summary>
    public Task SaveAsync(Guid tenantId, ApplicationDraft draft, JsonObject data, IReadOnlyCollection<DraftAttachment> added,
        IReadOnlyCollection<Guid> removed, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.InTenantAsync(tenantId, async (c, tx) =>
        {
            foreach (var attachment in added)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO draft_attachments (id, tenant_id, draft_id, field_path, file_name, content_type, size, sha256, created_at)
                    VALUES (@Id, @tenantId, @draftId, @FieldPath, @FileName, @ContentType, @Size, @Sha256, @now)
                    """, new
                {
                    attachment.Id,
                    tenantId,
                    draftId = draft.Id,
                    attachment.FieldPath,
                    attachment.FileName,
                    attachment.ContentType,
                    attachment.Size,
                    attachment.Sha256,
                    now,
                }, tx, cancellationToken: ct));
            }
            if (removed.Count > 0)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM draft_attachments WHERE draft_id = @draftId AND id = ANY(@removed)",
                    new { draftId = draft.Id, removed = removed.ToArray() }, tx, cancellationToken: ct));
            }
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE application_drafts SET data = @data::jsonb, updated_at = @now, expires_at = @expires
                WHERE id = @id AND case_id IS NULL
                """, new { id = draft.Id, data = data.ToJsonString(), now, expires = ExpiryFrom(now, draft.CitizenId) }, tx, cancellationToken: ct));
        }, ct);
    }

    private DateTimeOffset ExpiryFrom(DateTimeOffset now, Guid? citizenId) =>
        now.AddDays(citizenId is null ? options.Value.AnonymousDays : options.Value.AccountDays);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class DraftRow
    {
        public Guid Id { get; init; }
        public string ServiceId { get; init; } = "";
        public string ServiceVersion { get; init; } = "";
        public Guid? CitizenId { get; init; }
        public byte[] SecretSha256 { get; init; } = [];
        public string Data { get; init; } = "{}";
        public DateTimeOffset UpdatedAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public Guid? CaseId { get; init; }
    }
}
