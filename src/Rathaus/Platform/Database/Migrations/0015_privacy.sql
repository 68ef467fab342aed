-- The citizen's data cockpit and the auditor's log browser (docs/privacy.md).

-- The citizen's own actions without a case (sign-ins, the data export), newest first.
CREATE INDEX audit_entries_actor ON audit_entries (tenant_id, actor_kind, actor_id, id DESC);

-- The auditor browses a tenant's log by time, newest first.
CREATE INDEX audit_entries_at ON audit_entries (tenant_id, at DESC, id DESC);

-- The auditor filters by action; the filter's list of actions walks this index instead of scanning the log.
CREATE INDEX audit_entries_action ON audit_entries (tenant_id, action, id DESC);
