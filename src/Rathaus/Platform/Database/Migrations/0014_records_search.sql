-- Full-text search over the E-Akte (docs/records.md, "Search"): one row per document with its records metadata
-- and the text layer of its newest version (pdftotext), searched with PostgreSQL's German text search.

-- Documents never change and neither do the metadata copied here (title, reference, file-plan number, the file's
-- title, department): a new version only brings new text. The row is written by the search indexer
-- (Records/SearchIndexer.cs) from the queue below.
CREATE TABLE records_search (
    document_id       uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    procedure_id      uuid NOT NULL,
    case_id           uuid,
    -- The case's department, or the file's for documents outside cases; NULL: only the records office finds it.
    department_key    text,
    title             text NOT NULL,
    reference         text,
    file_plan_number  text NOT NULL,
    file_title        text NOT NULL,
    type              text,
    filed_at          timestamptz NOT NULL,
    -- The version whose text is indexed, and how its text was obtained: extracted (pdftotext), none (no PDF),
    -- unavailable (pdftotext missing on the node; found again once it is installed), failed (unreadable PDF).
    version           integer NOT NULL,
    text_status       text NOT NULL CHECK (text_status IN ('extracted', 'none', 'unavailable', 'failed')),
    body              text NOT NULL DEFAULT '',
    indexed_at        timestamptz NOT NULL,
    -- Title, reference and file-plan number weigh most (A), the file's title next (B), the document's text least (D).
    search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A')
        || setweight(to_tsvector('german', coalesce(reference, '')), 'A')
        || setweight(to_tsvector('german', file_plan_number), 'A')
        || setweight(to_tsvector('german', file_title), 'B')
        || setweight(to_tsvector('german', body), 'D')) STORED
);
CREATE INDEX records_search_text ON records_search USING gin (search);
CREATE INDEX records_search_filed ON records_search (tenant_id, filed_at DESC);
CREATE INDEX records_search_department ON records_search (tenant_id, department_key, filed_at DESC);
CREATE INDEX records_search_unavailable ON records_search (tenant_id) WHERE text_status = 'unavailable';

-- Documents and versions waiting to be indexed. Filled by triggers in the transaction that files the document,
-- so no module that files documents needs to know the search.
CREATE TABLE records_search_queue (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    document_id  uuid NOT NULL,
    queued_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, document_id)
);

ALTER TABLE records_search_queue ENABLE ROW LEVEL SECURITY;
ALTER TABLE records_search_queue FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON records_search_queue USING (tenant_id = rathaus_current_tenant())
    WITH CHECK (tenant_id = rathaus_current_tenant());

-- The application's role reads and writes the index of its tenant only, like every other table. Searching runs
-- in rathaus_records_search below, with the rights of the schema owner (SECURITY DEFINER, as job acquisition in
-- 0002), and that function filters by the current tenant itself. Under a row-level security policy PostgreSQL
-- cannot use the GIN index: the text-search operator @@ is not "leakproof", so it may not be evaluated before the
-- policy's check, and a search over 1 million documents would read every row of the tenant. So the owner alone
-- gets a second policy that lets it see all rows; the application role may only call the function.
ALTER TABLE records_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE records_search FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON records_search USING (tenant_id = rathaus_current_tenant())
    WITH CHECK (tenant_id = rathaus_current_tenant());
CREATE POLICY search_function ON records_search TO CURRENT_USER USING (true);

-- The search (Records/RecordsSearch.cs): the newest max_results matching documents of the current tenant that the
-- searcher may see (their departments, or the whole tenant), ranked by ts_rank; one page of them with a snippet
-- (ts_headline, the found words between the characters STX and ETX). websearch_to_tsquery never fails on syntax.
-- Dynamic SQL so that every search is planned for its own words (a frequent word: newest first through the date
-- index; a rare one: through the GIN index).
CREATE FUNCTION rathaus_records_search(query text, whole_tenant boolean, departments text[], max_results integer,
                                       page_size integer, page_offset integer)
RETURNS TABLE (document_id uuid, case_id uuid, title text, reference text, file_plan_number text, type text,
               filed_at timestamptz, total integer, snippet text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $fn$
BEGIN
    RETURN QUERY EXECUTE $q$
        WITH matches AS MATERIALIZED (
            SELECT s.document_id, s.filed_at, s.search
            FROM records_search s
            WHERE s.tenant_id = rathaus_current_tenant()
              AND s.search @@ websearch_to_tsquery('german', $1)
              AND ($2 OR s.department_key = ANY ($3))
            ORDER BY s.filed_at DESC
            LIMIT $4
        ), ranked AS (
            SELECT m.document_id, m.filed_at, ts_rank(m.search, websearch_to_tsquery('german', $1)) AS rank, count(*) OVER () AS total
            FROM matches m
        ), page AS (
            SELECT * FROM ranked r ORDER BY r.rank DESC, r.filed_at DESC, r.document_id LIMIT $5 OFFSET $6
        )
        SELECT s.document_id, s.case_id, s.title, s.reference, s.file_plan_number, s.type, s.filed_at, p.total::integer,
               ts_headline('german', CASE WHEN s.body = '' THEN s.title ELSE left(s.body, 50000) END, websearch_to_tsquery('german', $1),
                           'MaxFragments=2, MaxWords=20, MinWords=8, StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', FragmentDelimiter=" … "')
        FROM page p JOIN records_search s ON s.document_id = p.document_id
        WHERE s.tenant_id = rathaus_current_tenant()
        ORDER BY p.rank DESC, p.filed_at DESC, p.document_id
        $q$ USING query, whole_tenant, departments, max_results, page_size, page_offset;
END $fn$;
REVOKE ALL ON FUNCTION rathaus_records_search(text, boolean, text[], integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_records_search(text, boolean, text[], integer, integer, integer) TO rathaus_app;

CREATE FUNCTION rathaus_records_search_queue() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_TABLE_NAME = 'record_document_versions' THEN
        INSERT INTO records_search_queue (tenant_id, document_id) VALUES (NEW.tenant_id, NEW.document_id) ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO records_search_queue (tenant_id, document_id) VALUES (NEW.tenant_id, NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER case_documents_search AFTER INSERT ON case_documents
    FOR EACH ROW EXECUTE FUNCTION rathaus_records_search_queue();
CREATE TRIGGER record_documents_search AFTER INSERT ON record_documents
    FOR EACH ROW EXECUTE FUNCTION rathaus_records_search_queue();
CREATE TRIGGER record_document_versions_search AFTER INSERT ON record_document_versions
    FOR EACH ROW EXECUTE FUNCTION rathaus_records_search_queue();

-- A disposed document (migration 0013) leaves nothing in the search: its row and queue entry go with it. With the
-- owner's rights, as the application's role may not delete index rows.
CREATE FUNCTION rathaus_records_search_forget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    DELETE FROM records_search WHERE document_id = OLD.id AND tenant_id = OLD.tenant_id;
    DELETE FROM records_search_queue WHERE document_id = OLD.id AND tenant_id = OLD.tenant_id;
    RETURN NULL;
END $$;
CREATE TRIGGER case_documents_search_forget AFTER DELETE ON case_documents
    FOR EACH ROW EXECUTE FUNCTION rathaus_records_search_forget();
CREATE TRIGGER record_documents_search_forget AFTER DELETE ON record_documents
    FOR EACH ROW EXECUTE FUNCTION rathaus_records_search_forget();

-- Documents filed before this migration are indexed too, tenant by tenant (row-level security applies).
DO $$
DECLARE t uuid;
BEGIN
    FOR t IN SELECT id FROM tenants
    LOOP
        PERFORM set_config('rathaus.tenant_id', t::text, true);
        INSERT INTO records_search_queue (tenant_id, document_id) SELECT tenant_id, id FROM records_documents ON CONFLICT DO NOTHING;
    END LOOP;
    PERFORM set_config('rathaus.tenant_id', '', true);
END $$;

GRANT SELECT, INSERT, UPDATE ON records_search TO rathaus_app;
GRANT SELECT, INSERT, DELETE ON records_search_queue TO rathaus_app;
