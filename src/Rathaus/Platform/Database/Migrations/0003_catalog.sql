-- Service catalog: the service packages a tenant installed (every version is kept, since cases filed under an
-- older version still need its form and templates) and the tenant's catalog entry per service, which names the
-- current version and whether citizens see it. Packages are installed by the operator's command line (schema
-- owner); the application role only reads.

CREATE TABLE service_packages (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    service_id       text NOT NULL CHECK (service_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(service_id) <= 63),
    version          text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'),
    service          jsonb NOT NULL,
    -- Null for an information-only entry (no online application).
    form             jsonb,
    process_id       text,
    process_version  integer,
    templates        jsonb NOT NULL DEFAULT '{}',
    package_sha256   text NOT NULL CHECK (package_sha256 ~ '^[0-9a-f]{64}$'),
    installed_at     timestamptz NOT NULL,
    installed_by     text NOT NULL,
    CHECK ((form IS NULL) = (process_id IS NULL) AND (process_id IS NULL) = (process_version IS NULL)),
    UNIQUE (tenant_id, service_id, version)
);

CREATE TABLE catalog_entries (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    service_id       text NOT NULL,
    current_version  text NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, service_id),
    FOREIGN KEY (tenant_id, service_id, current_version) REFERENCES service_packages (tenant_id, service_id, version)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['service_packages', 'catalog_entries']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT ON service_packages, catalog_entries TO rathaus_app;

-- A town's catalog also shows the services its county handles (vehicle registration, building applications), as
-- "handled by Landkreis …" with a link there. The application role never sees another tenant's rows; instead it
-- may call this function, which runs with the rights of the schema owner (SECURITY DEFINER) and returns exactly
-- the public catalog data of the current tenant's own county: for each enabled catalog entry whose service the
-- county handles (jurisdiction "kreis"), the service id, the current version and its service.json. No form, no
-- process, no template, nothing of any other table, nothing of any tenant but the county of the current tenant.
-- FORCE ROW LEVEL SECURITY binds the owner too, so the owner alone gets a read-only policy for exactly those rows:
-- the county's catalog rows while a town of that county is the current tenant.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['service_packages', 'catalog_entries']
    LOOP
        EXECUTE format('CREATE POLICY county_catalog ON %I FOR SELECT TO CURRENT_USER
                        USING (tenant_id = (SELECT c.county_id FROM tenants c WHERE c.id = rathaus_current_tenant()))', t);
    END LOOP;
END $$;

CREATE FUNCTION rathaus_county_catalog()
RETURNS TABLE (county_id uuid, service_id text, version text, service jsonb)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT p.tenant_id, p.service_id, p.version, p.service
    FROM catalog_entries e
    JOIN service_packages p
      ON p.tenant_id = e.tenant_id AND p.service_id = e.service_id AND p.version = e.current_version
    WHERE e.enabled
      AND e.tenant_id = (SELECT t.county_id FROM tenants t WHERE t.id = rathaus_current_tenant())
      AND p.service ->> 'jurisdiction' = 'kreis'
$$;
REVOKE ALL ON FUNCTION rathaus_county_catalog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rathaus_county_catalog() TO rathaus_app;
