-- Job acquisition reads only jobs it can take. Jobs that a node's own commands create come locked to that node
-- (see JobExecutor) and are due at once, so under load most due jobs are locked: the single index on due_at made
-- every acquisition walk past all of them (thousands of rows per poll) to find the few free ones.
-- Two partial indexes instead: free jobs by due time, and locked jobs by lock expiry (a crashed node's jobs).
-- Taking or releasing a lock moves a row from one index to the other.
DROP INDEX process_jobs_due;
CREATE INDEX process_jobs_due_free ON process_jobs (due_at) WHERE retries > 0 AND lock_expires_at IS NULL;
CREATE INDEX process_jobs_lock_expiry ON process_jobs (lock_expires_at) WHERE retries > 0 AND lock_expires_at IS NOT NULL;

-- Same result columns, rights and rules as before (0005): due, with retries left, lock free or expired; jobs whose
-- lock expired first (their node is gone and they have waited longest), then free ones by due time.
DROP FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]);
CREATE FUNCTION rathaus_acquire_process_jobs(p_owner text, p_now timestamptz, p_lock_until timestamptz,
                                             p_limit integer, p_types text[])
RETURNS TABLE (id text, tenant_id uuid, instance_id text, definition_id uuid, kind text, element_id text,
               type text, payload jsonb, due_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    WITH expired AS (
        SELECT d.id FROM process_jobs d
        WHERE d.retries > 0 AND d.lock_expires_at IS NOT NULL AND d.lock_expires_at <= p_now AND d.due_at <= p_now
          AND (d.kind <> 'job' OR d.type = ANY (p_types))
        ORDER BY d.lock_expires_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    ), free AS (
        SELECT d.id FROM process_jobs d
        WHERE d.retries > 0 AND d.lock_expires_at IS NULL AND d.due_at <= p_now
          AND (d.kind <> 'job' OR d.type = ANY (p_types))
        ORDER BY d.due_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE process_jobs j
    SET lock_owner = p_owner, lock_expires_at = p_lock_until, attempts = j.attempts + 1
    FROM (SELECT expired.id FROM expired UNION ALL SELECT free.id FROM free LIMIT p_limit) due
    WHERE j.id = due.id
    RETURNING j.id, j.tenant_id, j.instance_id, j.definition_id, j.kind, j.element_id, j.type, j.payload, j.due_at
$$;
REVOKE ALL ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) TO rathaus_app;

-- Every command rewrites its instance's state (about 1 kB). With full pages each new version goes to another page
-- and into every index; with room left on the page it stays there as a heap-only tuple and the indexes are not
-- touched (an instance's status changes, and leaves the index of active instances, only when it ends).
ALTER TABLE process_instances SET (fillfactor = 60);

-- A start looked up and KEY SHARE-locked the one row of its deployed version, which all starts of a process share
-- (a multixact when several start at once). Deployed versions are never changed or deleted (the application role
-- may only insert them), and the runtime takes the id from a version it has just read.
ALTER TABLE process_instances DROP CONSTRAINT process_instances_definition_id_fkey;
