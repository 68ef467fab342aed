-- Disposal (Aussonderung) of files whose retention has ended: a proposal per due file, the records manager's
-- approval (or postponement), the deletion of the file's content and the case's personal data by one narrowly
-- scoped function, and the tombstone that remains. docs/records.md, section "Disposal".

-- One row per file: proposed by the daily job, approved or postponed by a records manager, then disposed. After
-- disposal the row is the file's tombstone (together with the record_files row, whose title is then neutral).
CREATE TABLE record_disposals (
    file_id            uuid PRIMARY KEY REFERENCES record_files (id),
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    state              text NOT NULL CHECK (state IN ('proposed', 'approved', 'postponed', 'disposed')),
    disposal           text NOT NULL CHECK (disposal IN ('destroy', 'archive')),
    -- The file's disposal date when it was proposed (a later closed procedure can move it).
    disposal_due       date NOT NULL,
    proposed_at        timestamptz NOT NULL,
    approved_by        text,
    approved_by_name   text,
    approved_at        timestamptz,
    postponed_by       text,
    postponed_by_name  text,
    postponed_at       timestamptz,
    postpone_reason    text CHECK (length(postpone_reason) <= 1000),
    postponed_until    date,
    -- The xdomea 0503 message of an archive-kind file, stored in the blob store before anything is deleted.
    export_process_id  uuid,
    export_file_name   text,
    export_sha256      text CHECK (export_sha256 ~ '^[0-9a-f]{64}$'),
    export_size        bigint,
    -- Tombstone: what remains without personal data.
    title              text,
    procedures         integer,
    documents          integer,
    disposed_at        timestamptz,
    -- Blobs no longer referenced after the disposal, until the run has removed their files.
    blobs_pending      text[] NOT NULL DEFAULT '{}',
    CHECK (state <> 'approved' OR approved_at IS NOT NULL),
    CHECK (state <> 'postponed' OR (postponed_until IS NOT NULL AND postpone_reason IS NOT NULL)),
    CHECK (state <> 'disposed' OR disposed_at IS NOT NULL)
);
CREATE INDEX record_disposals_state ON record_disposals (tenant_id, state);

ALTER TABLE record_disposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE record_disposals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON record_disposals USING (tenant_id = rathaus_current_tenant())
    WITH CHECK (tenant_id = rathaus_current_tenant());

ALTER TABLE record_files ADD COLUMN disposed_at timestamptz;
ALTER TABLE cases ADD COLUMN disposed_at timestamptz;

GRANT SELECT, INSERT ON record_disposals TO rathaus_app;
-- Decisions and the archive export; the disposed state, the tombstone and the deletions are the function's alone.
GRANT UPDATE (state, approved_by, approved_by_name, approved_at, postponed_by, postponed_by_name, postponed_at, postpone_reason,
              postponed_until, export_process_id, export_file_name, export_sha256, export_size, blobs_pending)
    ON record_disposals TO rathaus_app;

-- A blob is content-addressed and may be shared by documents of other files and other tenants: the disposal
-- function (running as the schema owner) must see every reference before it names a blob as unreferenced. These
-- policies let the owner alone read all rows of the tables that name blobs; the application role is unaffected.
CREATE POLICY disposal_blob_references ON case_documents FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY disposal_blob_references ON record_document_versions FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY disposal_blob_references ON draft_attachments FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY disposal_blob_references ON record_disposals FOR SELECT TO CURRENT_USER USING (true);
CREATE INDEX case_documents_sha256 ON case_documents (sha256);
CREATE INDEX record_document_versions_sha256 ON record_document_versions (sha256);
CREATE INDEX draft_attachments_sha256 ON draft_attachments (sha256);

-- Disposes one file of the current tenant whose disposal is approved (and, for archive-kind files, whose xdomea
-- message is stored). The application role has no UPDATE or DELETE on documents, versions or the audit trail; this
-- function is the only way to remove them, and only for such a file. It deletes the documents and versions of the
-- file, and for each case of it: its documents, mailbox messages, notes, drafts (with their attachments), dog-tax
-- job results, the variables of its finished process instances (and their sub-instances), their jobs and
-- subscriptions; it empties the case's form data and unlinks the citizen account; it removes the procedures and
-- gives an imported file a neutral title. Audit entries, transfers, registers and the case row (reference, service,
-- dates) stay. Returns the SHA-256 of every blob of the file that no row of any tenant names any more.
CREATE FUNCTION rathaus_records_dispose_file(p_file uuid, p_now timestamptz)
RETURNS TABLE (sha256 text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    tenant uuid := rathaus_current_tenant();
    d record_disposals;
    case_ids uuid[];
    instance_ids text[];
    document_ids uuid[];
    hashes text[];
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'no tenant set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO d FROM record_disposals r WHERE r.file_id = p_file AND r.tenant_id = tenant FOR UPDATE;
    IF NOT FOUND OR d.state <> 'approved' THEN
        RAISE EXCEPTION 'file % has no approved disposal', p_file USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF d.disposal = 'archive' AND d.export_sha256 IS NULL THEN
        RAISE EXCEPTION 'file % is to be archived and has not been exported', p_file USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM record_procedures p WHERE p.file_id = p_file AND p.closed_on IS NULL) THEN
        RAISE EXCEPTION 'file % has an open procedure', p_file USING ERRCODE = 'insufficient_privilege';
    END IF;

    SELECT coalesce(array_agg(p.case_id), '{}') INTO case_ids
    FROM record_procedures p WHERE p.file_id = p_file AND p.case_id IS NOT NULL AND p.tenant_id = tenant;
    WITH RECURSIVE i(id) AS (
        SELECT c.process_instance_id FROM cases c WHERE c.id = ANY (case_ids) AND c.process_instance_id IS NOT NULL
        UNION
        SELECT p.id FROM process_instances p JOIN i ON p.parent_instance_id = i.id
    )
    SELECT coalesce(array_agg(i.id), '{}') INTO instance_ids FROM i;
    IF EXISTS (SELECT 1 FROM process_instances p WHERE p.id = ANY (instance_ids) AND p.status = 'active') THEN
        RAISE EXCEPTION 'a process of file % is still running', p_file USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT coalesce(array_agg(x.id), '{}') INTO document_ids FROM (
        SELECT cd.id FROM case_documents cd WHERE cd.case_id = ANY (case_ids) AND cd.tenant_id = tenant
        UNION
        SELECT r.id FROM record_documents r JOIN record_procedures p ON p.id = r.procedure_id WHERE p.file_id = p_file AND r.tenant_id = tenant
    ) x;
    SELECT coalesce(array_agg(DISTINCT h.sha256), '{}') INTO hashes FROM (
        SELECT cd.sha256 FROM case_documents cd WHERE cd.id = ANY (document_ids) AND cd.tenant_id = tenant
        UNION ALL
        SELECT v.sha256 FROM record_document_versions v WHERE v.document_id = ANY (document_ids) AND v.tenant_id = tenant
        UNION ALL
        SELECT a.sha256 FROM draft_attachments a JOIN application_drafts ad ON ad.id = a.draft_id
        WHERE ad.case_id = ANY (case_ids) AND a.tenant_id = tenant
    ) h;

    -- The tombstone: counts and dates before the content goes.
    -- A case file's title is built from the file plan and the department; an imported file's own title may name a
    -- person, so its tombstone carries the file-plan entry's title instead.
    UPDATE record_disposals r
    SET procedures = (SELECT count(*) FROM record_procedures p WHERE p.file_id = p_file),
        documents = cardinality(document_ids),
        title = (SELECT CASE WHEN f.origin = 'case' THEN f.title
                             ELSE coalesce((SELECT e.title FROM file_plan_entries e WHERE e.tenant_id = tenant AND e.number = f.file_plan_number),
                                           'Akte ' || f.file_plan_number) END
                 FROM record_files f WHERE f.id = p_file)
    WHERE r.file_id = p_file
    RETURNING r.* INTO d;

    -- A collective file is closed with its last procedure.
    UPDATE record_files f
    SET closed_on = coalesce(f.closed_on, (SELECT max(p.closed_on) FROM record_procedures p WHERE p.file_id = p_file))
    WHERE f.id = p_file AND f.tenant_id = tenant;

    UPDATE print_actions pa SET document_id = NULL WHERE pa.case_id = ANY (case_ids) AND pa.document_id IS NOT NULL AND pa.tenant_id = tenant;
    DELETE FROM record_document_versions v WHERE v.document_id = ANY (document_ids) AND v.tenant_id = tenant;
    DELETE FROM record_documents r WHERE r.id = ANY (document_ids) AND r.tenant_id = tenant;
    DELETE FROM mailbox_messages m WHERE m.case_id = ANY (case_ids) AND m.tenant_id = tenant;
    DELETE FROM case_notes n WHERE n.case_id = ANY (case_ids) AND n.tenant_id = tenant;
    DELETE FROM case_documents cd WHERE cd.id = ANY (document_ids) AND cd.tenant_id = tenant;
    DELETE FROM application_drafts ad WHERE ad.case_id = ANY (case_ids) AND ad.tenant_id = tenant;
    DELETE FROM dog_tax_assessments a WHERE a.case_id = ANY (case_ids) AND a.tenant_id = tenant;
    DELETE FROM process_jobs j WHERE j.instance_id = ANY (instance_ids) AND j.tenant_id = tenant;
    DELETE FROM process_message_subscriptions s WHERE s.instance_id = ANY (instance_ids) AND s.tenant_id = tenant;
    UPDATE process_incidents pi SET message = '' WHERE pi.instance_id = ANY (instance_ids) AND pi.tenant_id = tenant;
    -- Variables live on the executions (and on jobs); what remains is the structure the history needs.
    UPDATE process_instances pr
    SET state = jsonb_set(jsonb_set(pr.state, '{executions}',
                    (SELECT coalesce(jsonb_agg(e - 'variables' - 'collection' - 'results'), '[]'::jsonb)
                     FROM jsonb_array_elements(coalesce(pr.state -> 'executions', '[]'::jsonb)) e)),
                '{jobs}', '[]'::jsonb),
        updated_at = p_now
    WHERE pr.id = ANY (instance_ids) AND pr.tenant_id = tenant;
    DELETE FROM record_procedures p WHERE p.file_id = p_file AND p.tenant_id = tenant;
    UPDATE cases c
    SET data = '{}'::jsonb, citizen_id = NULL, idempotency_key = NULL, request_sha256 = NULL, disposed_at = p_now
    WHERE c.id = ANY (case_ids) AND c.tenant_id = tenant;
    UPDATE record_files f SET title = d.title, disposed_at = p_now WHERE f.id = p_file AND f.tenant_id = tenant;
    UPDATE record_disposals r SET state = 'disposed', disposed_at = p_now WHERE r.file_id = p_file;

    -- Blobs that no row of any tenant names any more.
    RETURN QUERY
    SELECT h FROM unnest(hashes) h
    WHERE NOT EXISTS (SELECT 1 FROM case_documents x WHERE x.sha256 = h)
      AND NOT EXISTS (SELECT 1 FROM record_document_versions x WHERE x.sha256 = h)
      AND NOT EXISTS (SELECT 1 FROM draft_attachments x WHERE x.sha256 = h)
      AND NOT EXISTS (SELECT 1 FROM record_disposals x WHERE x.export_sha256 = h);
END $$;
REVOKE ALL ON FUNCTION rathaus_records_dispose_file(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_records_dispose_file(uuid, timestamptz) TO rathaus_app;

-- Is a blob named by any row of any tenant? The run asks before it removes a pending blob's file (a document
-- filed meanwhile with the same content keeps it).
CREATE FUNCTION rathaus_blob_referenced(p_sha256 text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM case_documents x WHERE x.sha256 = p_sha256)
        OR EXISTS (SELECT 1 FROM record_document_versions x WHERE x.sha256 = p_sha256)
        OR EXISTS (SELECT 1 FROM draft_attachments x WHERE x.sha256 = p_sha256)
        OR EXISTS (SELECT 1 FROM record_disposals x WHERE x.export_sha256 = p_sha256)
$$;
REVOKE ALL ON FUNCTION rathaus_blob_referenced(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_blob_referenced(text) TO rathaus_app;
