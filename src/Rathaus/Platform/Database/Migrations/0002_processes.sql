-- Process engine runtime: deployed BPMN definitions, process instances and their projections.
-- The instance state (JSONB, written by Rathaus.Bpmn's ProcessInstanceState.ToJson) is the single source of
-- truth; user tasks, jobs, timers, message subscriptions and incidents are projections of it, written in the
-- same transaction as the state, so that inboxes and the job executor can find them with an index.

CREATE TABLE process_definitions (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    process_id           text NOT NULL,
    version              integer NOT NULL CHECK (version > 0),
    name                 text,
    xml                  text NOT NULL,
    xml_sha256           text NOT NULL,
    message_start_names  text[] NOT NULL DEFAULT '{}',
    deployed_at          timestamptz NOT NULL,
    deployed_by          text,
    UNIQUE (tenant_id, process_id, version),
    -- Deploying the same file again returns the existing version.
    UNIQUE (tenant_id, process_id, xml_sha256)
);
CREATE INDEX process_definitions_message_start ON process_definitions USING gin (message_start_names);

CREATE TABLE process_instances (
    id                   text PRIMARY KEY,
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    definition_id        uuid NOT NULL REFERENCES process_definitions (id),
    process_id           text NOT NULL,
    process_version      integer NOT NULL,
    business_key         text,
    status               text NOT NULL CHECK (status IN ('active', 'completed', 'terminated', 'cancelled')),
    parent_instance_id   text REFERENCES process_instances (id),
    parent_execution_id  text,
    state                jsonb NOT NULL,
    -- Optimistic lock: every command writes UPDATE ... WHERE revision = <the revision it read>.
    revision             bigint NOT NULL,
    started_at           timestamptz NOT NULL,
    ended_at             timestamptz,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX process_instances_business_key ON process_instances (tenant_id, business_key) WHERE business_key IS NOT NULL;
CREATE INDEX process_instances_parent_execution ON process_instances (parent_execution_id) WHERE parent_execution_id IS NOT NULL;
CREATE INDEX process_instances_active ON process_instances (tenant_id, process_id) WHERE status = 'active';

-- Inbox rows: open tasks stay until completed or cancelled; ended tasks are kept so that a second
-- completion is answered with "already completed" rather than "unknown".
CREATE TABLE process_user_tasks (
    id               text PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    instance_id      text NOT NULL REFERENCES process_instances (id),
    element_id       text NOT NULL,
    name             text,
    execution_id     text NOT NULL,
    assignee         text,
    candidate_groups text[] NOT NULL DEFAULT '{}',
    candidate_users  text[] NOT NULL DEFAULT '{}',
    form_key         text,
    status           text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
    created_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    completed_by     text
);
CREATE INDEX process_user_tasks_instance ON process_user_tasks (instance_id);
CREATE INDEX process_user_tasks_open_groups ON process_user_tasks USING gin (candidate_groups) WHERE status = 'open';

-- Work for the job executor: service/send tasks (kind 'job') and timers (kind 'timer').
CREATE TABLE process_jobs (
    id               text PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    instance_id      text NOT NULL REFERENCES process_instances (id),
    kind             text NOT NULL CHECK (kind IN ('job', 'timer')),
    element_id       text NOT NULL,
    type             text,
    payload          jsonb,
    due_at           timestamptz NOT NULL,
    retries          integer NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    lock_owner       text,
    lock_expires_at  timestamptz,
    created_at       timestamptz NOT NULL
);
-- A job without retries waits for its incident to be resolved and is never acquired.
CREATE INDEX process_jobs_due ON process_jobs (due_at) WHERE retries > 0;
CREATE INDEX process_jobs_instance ON process_jobs (instance_id);

CREATE TABLE process_message_subscriptions (
    id               text PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    instance_id      text NOT NULL REFERENCES process_instances (id),
    message_name     text NOT NULL,
    correlation_key  text,
    element_id       text NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX process_message_subscriptions_name ON process_message_subscriptions (tenant_id, message_name, correlation_key);
CREATE INDEX process_message_subscriptions_instance ON process_message_subscriptions (instance_id);

CREATE TABLE process_incidents (
    id               text PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    instance_id      text NOT NULL REFERENCES process_instances (id),
    kind             text NOT NULL,
    message          text NOT NULL,
    element_id       text NOT NULL,
    execution_id     text NOT NULL,
    job_id           text,
    status           text NOT NULL CHECK (status IN ('open', 'resolved')),
    created_at       timestamptz NOT NULL,
    resolved_at      timestamptz
);
CREATE INDEX process_incidents_open ON process_incidents (tenant_id, created_at) WHERE status = 'open';
CREATE INDEX process_incidents_instance ON process_incidents (instance_id);

-- Element enter/leave events for the case timeline and process analytics; append-only.
CREATE TABLE process_history (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    instance_id   text NOT NULL REFERENCES process_instances (id),
    execution_id  text NOT NULL,
    element_id    text NOT NULL,
    element_type  text NOT NULL,
    event         text NOT NULL CHECK (event IN ('entered', 'left', 'terminated')),
    occurred_at   timestamptz NOT NULL
);
CREATE INDEX process_history_instance ON process_history (instance_id, id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['process_definitions', 'process_instances', 'process_user_tasks', 'process_jobs',
                             'process_message_subscriptions', 'process_incidents', 'process_history']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT ON process_definitions TO rathaus_app;
GRANT SELECT, INSERT, UPDATE ON process_instances TO rathaus_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON process_user_tasks, process_jobs, process_message_subscriptions, process_incidents TO rathaus_app;
GRANT SELECT, INSERT ON process_history TO rathaus_app;

-- Job acquisition must see every tenant's due jobs, which the application role cannot. This function runs
-- with the rights of the schema owner (SECURITY DEFINER); FORCE ROW LEVEL SECURITY binds the owner too, so
-- the owner alone gets a second policy on process_jobs that lets it see all rows. The application role
-- may only call the function: it locks due jobs for one node and returns what the node needs to run them
-- (their tenant above all), nothing else. A job is due when its time has come and its lock is free or
-- expired; an expired lock is how a crashed node's jobs are taken over.
CREATE POLICY job_acquisition ON process_jobs TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE FUNCTION rathaus_acquire_process_jobs(p_owner text, p_now timestamptz, p_lock_until timestamptz,
                                             p_limit integer, p_types text[])
RETURNS TABLE (id text, tenant_id uuid, instance_id text, kind text, type text, payload jsonb)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    UPDATE process_jobs j
    SET lock_owner = p_owner, lock_expires_at = p_lock_until, attempts = j.attempts + 1
    FROM (
        SELECT d.id FROM process_jobs d
        WHERE d.retries > 0 AND d.due_at <= p_now
          AND (d.lock_expires_at IS NULL OR d.lock_expires_at <= p_now)
          AND (d.kind = 'timer' OR d.type = ANY (p_types))
        ORDER BY d.due_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    ) due
    WHERE j.id = due.id
    RETURNING j.id, j.tenant_id, j.instance_id, j.kind, j.type, j.payload
$$;
REVOKE ALL ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_acquire_process_jobs(text, timestamptz, timestamptz, integer, text[]) TO rathaus_app;
