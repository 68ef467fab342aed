using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Rathaus.Platform.Database;

namespace Rathaus.Cases;

/// <summary>Where a tenant's audit chain breaks: the first link or entry that does not hold.</summary>
/// <param name="EntryId">The audit entry concerned (null when a whole link is missing).</param>
/// <param name="Seq">The link's position in the chain (null for an entry outside the chain).</param>
/// <param name="Reason">What is wrong, in words an auditor understands.</param>
public sealed record AuditBreak(long? EntryId, long? Seq, string Reason);

/// <summary>The result of recomputing a tenant's chain.</summary>
/// <param name="Links">Links checked.</param>
/// <param name="Pending">Entries written but not chained yet.</param>
/// <param name="FirstBreak">The first break, or null when the chain is intact.</param>
public sealed record AuditVerification(long Links, long Pending, AuditBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// The tamper-evident part of the audit trail. Each tenant's entries are linked in a hash chain: link n holds
/// SHA-256(hash of link n−1 || canonical text of its entry), the first link starts from 32 zero bytes. Writing an
/// entry only queues it (a trigger, in the writer's transaction); <see cref="ChainAsync"/> links queued entries in
/// batches under a per-tenant lock, so submissions never wait for each other on the chain.
/// </summary>
public sealed class AuditChain(Db db, TimeProvider time)
{
    private const int BatchSize = 2000;
    private static readonly byte[] Genesis = new byte[32];

    /// <summary>Links every queued entry of the tenant; returns how many were linked.</summary>
    public async Task<int> ChainAsync(Guid tenantId, CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var linked = await db.InTenantAsync(tenantId, (c, tx) => ChainBatchAsync(c, tx, tenantId, ct), ct);
            total += linked;
            if (linked < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> ChainBatchAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId, CancellationToken ct)
    {
        // One writer per tenant at a time; a second one waits and then continues from the first one's last link.
        await c.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('rathaus-audit-chain:' || @tenantId::text, 0))", new { tenantId }, tx, cancellationToken: ct));
        var last = await c.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            "SELECT seq AS Seq, hash AS Hash FROM audit_chain WHERE tenant_id = @tenantId ORDER BY seq DESC LIMIT 1", new { tenantId }, tx, cancellationToken: ct));
        var queued = (await c.QueryAsync<EntryRow>(new CommandDefinition("""
            SELECT e.id AS Id, rathaus_audit_canonical(e) AS Canonical
            FROM audit_chain_queue q JOIN audit_entries e ON e.id = q.entry_id
            WHERE q.tenant_id = @tenantId
            ORDER BY q.entry_id
            LIMIT @BatchSize
            """, new { tenantId, BatchSize }, tx, cancellationToken: ct))).ToList();
        if (queued.Count == 0)
        {
            return 0;
        }

        var seqs = new long[queued.Count];
        var ids = new long[queued.Count];
        var hashes = new byte[queued.Count][];
        var previous = last?.Hash ?? Genesis;
        var seq = last?.Seq ?? 0;
        for (var i = 0; i < queued.Count; i++)
        {
            previous = Link(previous, queued[i].Canonical);
            seqs[i] = ++seq;
            ids[i] = queued[i].Id;
            hashes[i] = previous;
        }
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_chain (tenant_id, seq, entry_id, hash, chained_at)
            SELECT @tenantId, s, e, h, @now FROM unnest(@seqs, @ids, @hashes) AS u (s, e, h);
            DELETE FROM audit_chain_queue WHERE entry_id = ANY (@ids);
            """, new { tenantId, now = time.GetUtcNow(), seqs, ids, hashes }, tx, cancellationToken: ct));
        return queued.Count;
    }

    /// <summary>Recomputes the tenant's chain from the stored entries and names the first link that does not hold.</summary>
    public Task<AuditVerification> VerifyAsync(Guid tenantId, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            var links = 0L;
            AuditBreak? broken = null;
            var previous = Genesis;
            await using (var command = new NpgsqlCommand("""
                SELECT l.seq, l.entry_id, l.hash, e.id IS NOT NULL, CASE WHEN e.id IS NOT NULL THEN rathaus_audit_canonical(e) END
                FROM audit_chain l LEFT JOIN audit_entries e ON e.id = l.entry_id
                WHERE l.tenant_id = @tenantId
                ORDER BY l.seq
                """, c, tx))
            {
                command.Parameters.AddWithValue("tenantId", tenantId);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (broken is null && await reader.ReadAsync(ct))
                {
                    var seq = reader.GetInt64(0);
                    var entryId = reader.GetInt64(1);
                    var stored = reader.GetFieldValue<byte[]>(2);
                    links++;
                    if (seq != links)
                    {
                        broken = new AuditBreak(null, links, $"Link {links} of the chain is missing; the next link present is {seq} (entry {entryId}).");
                    }
                    else if (!reader.GetBoolean(3))
                    {
                        broken = new AuditBreak(entryId, seq, $"Entry {entryId} (link {seq}) has been deleted.");
                    }
                    else if (!CryptographicOperations.FixedTimeEquals(previous = Link(previous, reader.GetString(4)), stored))
                    {
                        broken = new AuditBreak(entryId, seq, $"Entry {entryId} (link {seq}) has been changed after it was written.");
                    }
                }
            }
            if (broken is null)
            {
                // An entry neither chained nor queued was written past the trigger (or its queue row was removed).
                var outside = await c.QueryFirstOrDefaultAsync<long?>(new CommandDefinition("""
                    SELECT e.id FROM audit_entries e
                    WHERE NOT EXISTS (SELECT 1 FROM audit_chain l WHERE l.entry_id = e.id)
                      AND NOT EXISTS (SELECT 1 FROM audit_chain_queue q WHERE q.entry_id = e.id)
                    ORDER BY e.id LIMIT 1
                    """, transaction: tx, cancellationToken: ct));
                if (outside is { } id)
                {
                    broken = new AuditBreak(id, null, $"Entry {id} is outside the chain: it was neither linked nor queued for linking.");
                }
            }
            var pending = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM audit_chain_queue", transaction: tx, cancellationToken: ct));
            return new AuditVerification(links, pending, broken);
        }, ct);

    private static byte[] Link(byte[] previous, string canonical)
    {
        var text = Encoding.UTF8.GetBytes(canonical);
        var input = new byte[previous.Length + text.Length];
        previous.CopyTo(input, 0);
        text.CopyTo(input, previous.Length);
        return SHA256.HashData(input);
    }

    private sealed class LinkRow
    {
        public long Seq { get; init; }
        public byte[] Hash { get; init; } = [];
    }

    private sealed class EntryRow
    {
        public long Id { get; init; }
        public string Canonical { get; init; } = "";
    }
}
