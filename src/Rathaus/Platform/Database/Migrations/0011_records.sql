-- The electronic file (E-Akte): a file plan per tenant, files (Akten), procedures (Vorgänge, one per case) and
-- documents with immutable versions. docs/records.md explains how case documents are records documents.

-- Records managers (Registratur, Schriftgutverwaltung) run the file plan, exports and imports.
ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_roles_check;
ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_roles_check
    CHECK (roles <@ ARRAY['tenant_admin', 'auditor', 'team_lead', 'records_manager']::text[]);

-- The file plan (Aktenplan): hierarchical numbers 1, 1.2, 1.2.3; retention and disposal per entry.
CREATE TABLE file_plan_entries (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    number           text NOT NULL CHECK (number ~ '^[0-9]+(\.[0-9]+)*$' AND length(number) <= 63),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    retention_years  integer NOT NULL CHECK (retention_years BETWEEN 0 AND 200),
    disposal         text NOT NULL CHECK (disposal IN ('destroy', 'archive')),
    -- Department keys whose cases are filed here when their service names no entry; '*' takes every other case.
    departments      text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, number)
);

-- A file (Akte). Cases are filed per file-plan entry, department and year; imported files keep their own numbers.
CREATE TABLE record_files (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    file_plan_number  text NOT NULL,
    title             text NOT NULL,
    reference         text NOT NULL,
    department_key    text,
    year              integer,
    opened_on         date NOT NULL,
    closed_on         date,
    -- Set when a procedure of the file is closed: end of the closing year plus the retention years.
    disposal_due      date,
    retention_years   integer,
    disposal          text CHECK (disposal IN ('destroy', 'archive')),
    origin            text NOT NULL CHECK (origin IN ('case', 'import')),
    -- An imported file's xdomea ID (Identifikation/ID): the same file is not imported twice.
    xdomea_id         uuid,
    imported_at       timestamptz
);
CREATE UNIQUE INDEX record_files_xdomea ON record_files (tenant_id, xdomea_id) WHERE xdomea_id IS NOT NULL;
CREATE UNIQUE INDEX record_files_case_key ON record_files (tenant_id, file_plan_number, department_key, year) WHERE origin = 'case';
CREATE INDEX record_files_due ON record_files (tenant_id, disposal_due) WHERE disposal_due IS NOT NULL;

-- A procedure (Vorgang). A case is a procedure: case_id links it, and the case's documents are its documents.
CREATE TABLE record_procedures (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    file_id     uuid NOT NULL REFERENCES record_files (id),
    case_id     uuid UNIQUE REFERENCES cases (id),
    title       text NOT NULL,
    reference   text NOT NULL,
    type        text,
    opened_on   date NOT NULL,
    closed_on   date,
    -- The longer of the file plan's and the service's retention, fixed when the case is filed.
    retention_years  integer
);
CREATE INDEX record_procedures_file ON record_procedures (file_id);

-- Documents that are not case documents (imported, or filed by the records office).
CREATE TABLE record_documents (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    procedure_id      uuid NOT NULL REFERENCES record_procedures (id),
    title             text NOT NULL,
    type              text,
    author            text,
    received_on       date,
    sent_on           date,
    channel           text,
    reference         text,
    created_at        timestamptz NOT NULL
);
CREATE INDEX record_documents_procedure ON record_documents (procedure_id);

-- Versions of a document. Content never changes: a correction is a new version. Version 1 of a case document is
-- the case_documents row itself; its corrections start here at 2.
CREATE TABLE record_document_versions (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    document_id   uuid NOT NULL,
    version       integer NOT NULL CHECK (version > 0),
    file_name     text NOT NULL,
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size >= 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL,
    created_by    text NOT NULL,
    comment       text,
    PRIMARY KEY (tenant_id, document_id, version)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['file_plan_entries', 'record_files', 'record_procedures', 'record_documents', 'record_document_versions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

-- Every document of a procedure, case documents and the others alike, with its records metadata.
-- security_invoker: the view reads with the caller's rights, so row-level security applies as on the tables.
CREATE VIEW records_documents WITH (security_invoker = true) AS
    SELECT d.id, d.tenant_id, p.id AS procedure_id,
           coalesce(d.title, d.file_name) AS title,
           d.kind AS type,
           coalesce(d.created_by, CASE WHEN d.kind IN ('evidence', 'reply') THEN 'citizen' ELSE 'system' END) AS author,
           CASE WHEN d.kind IN ('evidence', 'reply', 'receipt') THEN (d.created_at AT TIME ZONE 'Europe/Berlin')::date END AS received_on,
           CASE WHEN d.kind = 'notice' THEN (d.created_at AT TIME ZONE 'Europe/Berlin')::date END AS sent_on,
           c.channel,
           c.reference,
           d.created_at,
           true AS from_case
    FROM case_documents d
    JOIN cases c ON c.id = d.case_id
    JOIN record_procedures p ON p.case_id = d.case_id
    UNION ALL
    SELECT r.id, r.tenant_id, r.procedure_id, r.title, r.type, r.author, r.received_on, r.sent_on, r.channel, r.reference,
           r.created_at, false
    FROM record_documents r;

-- Every version of every document: a case document's row is its version 1.
CREATE VIEW records_document_versions WITH (security_invoker = true) AS
    SELECT d.tenant_id, d.id AS document_id, 1 AS version, d.file_name, d.content_type, d.size, d.sha256, d.created_at,
           coalesce(d.created_by, CASE WHEN d.kind IN ('evidence', 'reply') THEN 'citizen' ELSE 'system' END) AS created_by,
           NULL::text AS comment
    FROM case_documents d
    UNION ALL
    SELECT tenant_id, document_id, version, file_name, content_type, size, sha256, created_at, created_by, comment
    FROM record_document_versions;

-- Closing a case closes its procedure and sets its file's disposal date from the file plan (the longer of the
-- plan's and the service's retention), counted from the end of the year the case was closed.
CREATE FUNCTION rathaus_records_case_closed() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    closed date := (NEW.closed_at AT TIME ZONE 'Europe/Berlin')::date;
    file uuid;
    years integer;
BEGIN
    UPDATE record_procedures SET closed_on = closed WHERE case_id = NEW.id RETURNING file_id, retention_years INTO file, years;
    IF file IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE record_files f
    SET disposal_due = greatest(f.disposal_due, make_date(extract(year FROM closed)::integer + coalesce(years, 0), 12, 31))
    WHERE f.id = file;
    RETURN NULL;
END $$;

CREATE TRIGGER cases_records_closed AFTER UPDATE OF closed_at ON cases
    FOR EACH ROW WHEN (NEW.closed_at IS NOT NULL AND OLD.closed_at IS DISTINCT FROM NEW.closed_at)
    EXECUTE FUNCTION rathaus_records_case_closed();

GRANT SELECT, INSERT, UPDATE, DELETE ON file_plan_entries TO rathaus_app;
GRANT SELECT, INSERT ON record_files TO rathaus_app;
GRANT UPDATE (closed_on, disposal_due) ON record_files TO rathaus_app;
GRANT SELECT, INSERT ON record_procedures TO rathaus_app;
GRANT UPDATE (closed_on) ON record_procedures TO rathaus_app;
-- Documents and their versions are never changed or removed by the application; only disposal (retention) will.
GRANT SELECT, INSERT ON record_documents TO rathaus_app;
GRANT SELECT, INSERT ON record_document_versions TO rathaus_app;
GRANT SELECT ON records_documents, records_document_versions TO rathaus_app;
