-- Cases (Vorgänge) created by applications, their attachments, application drafts and the audit trail.
-- A case belongs to one department's procedure; submitting writes the case, its data, its attachments, the
-- process start and the audit entry in one transaction.

-- Case references are sequential per tenant, service code and year: MST-HUND-2026-000123.
CREATE TABLE case_reference_counters (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    code        text NOT NULL,
    year        integer NOT NULL,
    last_value  bigint NOT NULL,
    PRIMARY KEY (tenant_id, code, year)
);

CREATE TABLE cases (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    reference            text NOT NULL,
    service_id           text NOT NULL,
    service_version      text NOT NULL,
    department_key       text NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('portal', 'api')),
    citizen_id           uuid REFERENCES citizen_accounts (id),
    status               text NOT NULL DEFAULT 'submitted',
    data                 jsonb NOT NULL,
    submitted_at         timestamptz NOT NULL,
    process_instance_id  text REFERENCES process_instances (id),
    -- A retried submission (same key) returns this case instead of creating a second one.
    idempotency_key      text,
    request_sha256       text,
    UNIQUE (tenant_id, reference),
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX cases_citizen ON cases (tenant_id, citizen_id, submitted_at DESC) WHERE citizen_id IS NOT NULL;
CREATE INDEX cases_department ON cases (tenant_id, department_key, submitted_at DESC);

-- Documents of a case: the applicant's uploads and the receipt. Content lives in the blob store (SHA-256).
CREATE TABLE case_documents (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    case_id       uuid NOT NULL REFERENCES cases (id),
    kind          text NOT NULL CHECK (kind IN ('evidence', 'receipt')),
    field_path    text,
    file_name     text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size > 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id);

-- An application in progress. A signed-in citizen's draft belongs to the account; an anonymous draft is
-- reached through a secret (cookie or resume link), of which only the SHA-256 is stored.
CREATE TABLE application_drafts (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    service_id          text NOT NULL,
    service_version     text NOT NULL,
    citizen_id          uuid REFERENCES citizen_accounts (id),
    secret_sha256       bytea NOT NULL,
    data                jsonb NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    -- Set in the submitting transaction; a second submit of the same draft finds the case.
    case_id             uuid REFERENCES cases (id)
);
CREATE INDEX application_drafts_citizen ON application_drafts (tenant_id, citizen_id) WHERE citizen_id IS NOT NULL;
CREATE INDEX application_drafts_expiry ON application_drafts (expires_at) WHERE case_id IS NULL;

-- Files uploaded into a draft, before submitting; they become case documents when it is submitted.
CREATE TABLE draft_attachments (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    draft_id      uuid NOT NULL REFERENCES application_drafts (id) ON DELETE CASCADE,
    field_path    text NOT NULL,
    file_name     text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size > 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL
);
CREATE INDEX draft_attachments_draft ON draft_attachments (draft_id);

-- Who did what with which personal data. Append-only for the application.
CREATE TABLE audit_entries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    at              timestamptz NOT NULL,
    actor_kind      text NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'anonymous', 'system', 'api')),
    actor_id        text,
    action          text NOT NULL,
    case_id         uuid REFERENCES cases (id),
    document_id     uuid,
    purpose         text NOT NULL,
    correlation_id  text
);
CREATE INDEX audit_entries_case ON audit_entries (tenant_id, case_id) WHERE case_id IS NOT NULL;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_reference_counters', 'cases', 'case_documents', 'application_drafts',
                             'draft_attachments', 'audit_entries']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON case_reference_counters TO rathaus_app;
GRANT SELECT, INSERT, UPDATE ON cases TO rathaus_app;
GRANT SELECT, INSERT ON case_documents TO rathaus_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON application_drafts TO rathaus_app;
GRANT SELECT, INSERT, DELETE ON draft_attachments TO rathaus_app;
GRANT SELECT, INSERT ON audit_entries TO rathaus_app;
