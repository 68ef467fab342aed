-- The caseworker workbench: task forms of service packages, the team lead role, and indexes for the inbox,
-- the case view and the print statistics (docs/workbench.md).

-- Task forms of a package version (forms/<key>.json), by key; user tasks name them with their form key.
ALTER TABLE service_packages ADD COLUMN task_forms jsonb NOT NULL DEFAULT '{}';

-- Team leads (Teamleitung) see the workload of their departments and may hand over their tasks.
ALTER TABLE staff_accounts DROP CONSTRAINT staff_accounts_roles_check;
ALTER TABLE staff_accounts ADD CONSTRAINT staff_accounts_roles_check
    CHECK (roles <@ ARRAY['tenant_admin', 'auditor', 'team_lead']::text[]);

-- The inbox finds a task's case through its process instance, and a person's claimed tasks by assignee.
CREATE INDEX cases_process_instance ON cases (tenant_id, process_instance_id) WHERE process_instance_id IS NOT NULL;
CREATE INDEX process_user_tasks_open_assignee ON process_user_tasks (tenant_id, assignee) WHERE status = 'open' AND assignee IS NOT NULL;

-- Print statistics count a tenant's print actions over a period.
CREATE INDEX print_actions_at ON print_actions (tenant_id, at);
