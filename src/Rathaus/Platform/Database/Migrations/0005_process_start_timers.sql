-- Process runtime, second step: timer start events as durable jobs, incidents for every kind of job, and
-- fewer per-row checks on the tables every process command writes.

-- A timer start event is a job of kind 'start_timer' that belongs to a deployed version, not to an instance.
-- Deploying a newer version of the process replaces the older version's start timers.
ALTER TABLE process_jobs ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE process_jobs ADD COLUMN definition_id uuid REFERENCES process_definitions (id);
ALTER TABLE process_jobs DROP CONSTRAINT process_jobs_kind_check;
ALTER TABLE process_jobs ADD CONSTRAINT process_jobs_kind_check CHECK (kind IN ('job', 'timer', 'start_timer'));
ALTER TABLE process_jobs ADD CONSTRAINT process_jobs_owner_check CHECK (
    CASE WHEN kind = 'start_timer' THEN instance_id IS NULL AND definition_id IS NOT NULL
         ELSE instance_id IS NOT NULL AND definition_id IS NULL END);
CREATE INDEX process_jobs_start_timers ON process_jobs (tenant_id, definition_id) WHERE kind = 'start_timer';

-- Incidents of jobs whose failure the engine never saw (a timer that cannot fire, a start timer that cannot
-- start its process, a job whose result cannot be committed) belong to the job: a start timer has no instance,
-- and such an incident stops no execution.
ALTER TABLE process_incidents ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE process_incidents ALTER COLUMN execution_id DROP NOT NULL;
CREATE INDEX process_incidents_open_job ON process_incidents (job_id) WHERE status = 'open' AND job_id IS NOT NULL;

-- Every process command writes these tables. A foreign key to tenants costs each written row a lookup and a
-- KEY SHARE lock on the one tenant row that all of a tenant's transactions share (a multixact when several
-- run at once). The tenant of every row is guarded by the row-level security policy's WITH CHECK instead
-- (tenant_id = the transaction's tenant, which the application resolved from the tenant registry), and
-- tenants are never deleted. History rows are written only in the transaction that writes their instance's
-- state, so their reference to the instance is kept by the runtime, not by a check per row.
ALTER TABLE process_instances DROP CONSTRAINT process_instances_tenant_id_fkey;
ALTER TABLE process_user_tasks DROP CONSTRAINT process_user_tasks_tenant_id_fkey;
ALTER TABLE process_jobs DROP CONSTRAINT process_jobs_tenant_id_fkey;
ALTER TABLE process_message_subscriptions DROP CONSTRAINT process_message_subscriptions_tenant_id_fkey;
ALTER TABLE process_incidents DROP CONSTRAINT process_incidents_tenant_id_fkey;
ALTER TABLE process_history DROP CONSTRAINT process_history_tenant_id_fkey;
ALTER TABLE process_history DROP CONSTRAINT process_history_instance_id_fkey;

-- Acquisition also returns the definition of a start timer, and what a job needs to be run or to fail
-- (its element, its payload). Same rights and same rules as before (see 0002).
DROP FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]);
CREATE FUNCTION rathaus_acquire_process_jobs(p_owner text, p_now timestamptz, p_lock_until timestamptz,
                                             p_limit integer, p_types text[])
RETURNS TABLE (id text, tenant_id uuid, instance_id text, definition_id uuid, kind text, element_id text,
               type text, payload jsonb, due_at timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    UPDATE process_jobs j
    SET lock_owner = p_owner, lock_expires_at = p_lock_until, attempts = j.attempts + 1
    FROM (
        SELECT d.id FROM process_jobs d
        WHERE d.retries > 0 AND d.due_at <= p_now
          AND (d.lock_expires_at IS NULL OR d.lock_expires_at <= p_now)
          AND (d.kind <> 'job' OR d.type = ANY (p_types))
        ORDER BY d.due_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    ) due
    WHERE j.id = due.id
    RETURNING j.id, j.tenant_id, j.instance_id, j.definition_id, j.kind, j.element_id, j.type, j.payload, j.due_at
$$;
REVOKE ALL ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) TO rathaus_app;
