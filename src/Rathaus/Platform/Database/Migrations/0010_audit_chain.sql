-- The audit trail becomes tamper-evident: every entry is linked into a hash chain per tenant.
-- Submissions only insert their entry (and a queue row, by trigger); one writer per tenant chains the queued
-- entries in batches, so the chain never serialises submissions. `rathaus admin audit verify` recomputes it.

-- The role the actor acted in (e.g. caseworker of a department, auditor, tenant admin).
ALTER TABLE audit_entries ADD COLUMN actor_role text;

-- The exact text an entry's link hashes: every column, as JSON, timestamps in UTC with microseconds.
CREATE FUNCTION rathaus_audit_canonical(e audit_entries) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT json_build_array(e.id, e.tenant_id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            e.actor_kind, e.actor_id, e.actor_role, e.action, e.case_id, e.document_id, e.purpose,
                            e.correlation_id)::text
$$;

-- Link n of a tenant's chain: hash = SHA-256(hash of link n-1, or 32 zero bytes, || canonical text of the entry).
CREATE TABLE audit_chain (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    seq         bigint NOT NULL CHECK (seq > 0),
    entry_id    bigint NOT NULL UNIQUE REFERENCES audit_entries (id),
    hash        bytea NOT NULL CHECK (length(hash) = 32),
    chained_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- Entries not chained yet. Filled by trigger, so no insert path can skip it; emptied by the chain writer.
CREATE TABLE audit_chain_queue (
    entry_id   bigint PRIMARY KEY REFERENCES audit_entries (id),
    tenant_id  uuid NOT NULL REFERENCES tenants (id)
);
CREATE INDEX audit_chain_queue_tenant ON audit_chain_queue (tenant_id, entry_id);

CREATE FUNCTION rathaus_audit_enqueue() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO audit_chain_queue (entry_id, tenant_id) VALUES (NEW.id, NEW.tenant_id);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_entries_enqueue AFTER INSERT ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION rathaus_audit_enqueue();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_chain', 'audit_chain_queue']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

-- Entries written before the chain existed are queued once.
INSERT INTO audit_chain_queue (entry_id, tenant_id) SELECT id, tenant_id FROM audit_entries ORDER BY id;

-- Append-only: the application inserts entries and links and reads them; it can neither change nor remove them.
GRANT SELECT, INSERT ON audit_chain TO rathaus_app;
GRANT SELECT, INSERT, DELETE ON audit_chain_queue TO rathaus_app;
