-- Casework without Medienbruch: notices and other documents the administration creates, the citizen's
-- mailbox, internal notes and recorded print actions. docs/casework.md describes who writes which table.

-- Documents the administration creates (notices, certificates) and the attachments of a citizen's answer.
ALTER TABLE case_documents DROP CONSTRAINT case_documents_kind_check;
ALTER TABLE case_documents ADD CONSTRAINT case_documents_kind_check
    CHECK (kind IN ('evidence', 'receipt', 'notice', 'reply'));
-- What the document is, as shown to the caseworker and the citizen (e.g. the notice's subject).
ALTER TABLE case_documents ADD COLUMN title text;
-- Who created it: a staff account id, 'citizen' or 'system'.
ALTER TABLE case_documents ADD COLUMN created_by text;
-- The process job that generated the document; a job that runs again finds its document instead of filing a second one.
ALTER TABLE case_documents ADD COLUMN job_id text;
CREATE UNIQUE INDEX case_documents_job ON case_documents (tenant_id, job_id) WHERE job_id IS NOT NULL;

-- The citizen's status of a case: the last milestone the process passed, and when the case was closed.
ALTER TABLE cases ADD COLUMN milestone text;
ALTER TABLE cases ADD COLUMN closed_at timestamptz;

-- The mailbox between a department and a citizen with an account, always about one case.
CREATE TABLE mailbox_messages (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    case_id       uuid NOT NULL REFERENCES cases (id),
    citizen_id    uuid NOT NULL REFERENCES citizen_accounts (id),
    direction     text NOT NULL CHECK (direction IN ('to_citizen', 'from_citizen')),
    kind          text NOT NULL CHECK (kind IN ('notice', 'information_request', 'reply', 'message')),
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body          text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    -- case_documents attached to the message (the notice PDF, the citizen's uploads).
    document_ids  uuid[] NOT NULL DEFAULT '{}',
    -- An information request: the date by which the citizen should answer.
    reply_due     date,
    in_reply_to   uuid REFERENCES mailbox_messages (id),
    -- A staff account id, 'system' for messages a process sends, or the citizen's account id.
    sent_by       text NOT NULL,
    created_at    timestamptz NOT NULL,
    read_at       timestamptz,
    -- The process job that sent it (idempotent like case_documents.job_id).
    job_id        text
);
CREATE INDEX mailbox_messages_citizen ON mailbox_messages (tenant_id, citizen_id, created_at DESC);
CREATE INDEX mailbox_messages_case ON mailbox_messages (case_id, created_at);
CREATE UNIQUE INDEX mailbox_messages_job ON mailbox_messages (tenant_id, job_id) WHERE job_id IS NOT NULL;

-- Internal notes of the department on a case; never shown to the citizen.
CREATE TABLE case_notes (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    case_id     uuid NOT NULL REFERENCES cases (id),
    author_id   uuid NOT NULL REFERENCES staff_accounts (id),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at  timestamptz NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

-- Printing is not a step of any process: if someone prints, it is recorded here and counted.
CREATE TABLE print_actions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    case_id      uuid NOT NULL REFERENCES cases (id),
    document_id  uuid REFERENCES case_documents (id),
    staff_id     uuid NOT NULL REFERENCES staff_accounts (id),
    at           timestamptz NOT NULL
);
CREATE INDEX print_actions_case ON print_actions (tenant_id, case_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['mailbox_messages', 'case_notes', 'print_actions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT ON mailbox_messages TO rathaus_app;
GRANT UPDATE (read_at) ON mailbox_messages TO rathaus_app;
GRANT SELECT, INSERT ON case_notes TO rathaus_app;
GRANT SELECT, INSERT ON print_actions TO rathaus_app;
