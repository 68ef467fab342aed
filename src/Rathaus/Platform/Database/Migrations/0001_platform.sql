-- Platform foundation: tenants (municipalities and counties), departments, staff, citizens, operators.
-- Every tenant-owned table carries tenant_id and a row-level-security policy; the application connects
-- as rathaus_app, which owns nothing, so the policies always apply.

CREATE FUNCTION rathaus_current_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('rathaus.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
    id           uuid PRIMARY KEY,
    slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    kind         text NOT NULL CHECK (kind IN ('gemeinde', 'stadt', 'kreis')),
    ags          char(8) NOT NULL UNIQUE CHECK (ags ~ '^[0-9]{8}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    county_id    uuid REFERENCES tenants (id),
    street       text NOT NULL DEFAULT '',
    postal_code  text NOT NULL DEFAULT '',
    city         text NOT NULL DEFAULT '',
    phone        text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    website      text NOT NULL DEFAULT '',
    bank_name    text NOT NULL DEFAULT '',
    iban         text NOT NULL DEFAULT '',
    bic          text NOT NULL DEFAULT '',
    host_names   text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE departments (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    key         text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text NOT NULL,
    kind        text NOT NULL,
    email       text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    UNIQUE (tenant_id, key)
);

CREATE TABLE staff_accounts (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    email            text NOT NULL,
    display_name     text NOT NULL,
    password_hash    text NOT NULL,
    roles            text[] NOT NULL DEFAULT '{}'
                     CHECK (roles <@ ARRAY['tenant_admin', 'auditor']::text[]),
    failed_sign_ins  integer NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    disabled         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_accounts_email ON staff_accounts (tenant_id, lower(email));

CREATE TABLE department_members (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    department_id  uuid NOT NULL REFERENCES departments (id),
    staff_id       uuid NOT NULL REFERENCES staff_accounts (id),
    PRIMARY KEY (department_id, staff_id)
);
CREATE INDEX department_members_staff ON department_members (staff_id);

CREATE TABLE citizen_accounts (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    email               text NOT NULL,
    display_name        text NOT NULL,
    password_hash       text,
    email_confirmed_at  timestamptz,
    assurance_level     text NOT NULL DEFAULT 'basic'
                        CHECK (assurance_level IN ('basic', 'substantial', 'high')),
    external_provider   text,
    external_subject    text,
    failed_sign_ins     integer NOT NULL DEFAULT 0,
    locked_until        timestamptz,
    disabled            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX citizen_accounts_email ON citizen_accounts (tenant_id, lower(email));
CREATE UNIQUE INDEX citizen_accounts_external ON citizen_accounts (tenant_id, external_provider, external_subject)
    WHERE external_provider IS NOT NULL;

-- Only a hash of the token is stored: a database dump does not let anyone confirm an address.
CREATE TABLE citizen_email_tokens (
    token_hash  bytea PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    citizen_id  uuid NOT NULL REFERENCES citizen_accounts (id),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- Operators of the installation (data centre); they belong to no tenant.
CREATE TABLE platform_operators (
    id               uuid PRIMARY KEY,
    email            text NOT NULL,
    display_name     text NOT NULL,
    password_hash    text NOT NULL,
    failed_sign_ins  integer NOT NULL DEFAULT 0,
    locked_until     timestamptz,
    disabled         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX platform_operators_email ON platform_operators (lower(email));

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'staff_accounts', 'department_members',
                             'citizen_accounts', 'citizen_email_tokens']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO rathaus_app', t);
    END LOOP;
END $$;

-- The tenant registry is read to resolve a request's tenant before any tenant is set; tenants are
-- created by the operator's command line, which connects as the owner.
GRANT SELECT ON tenants TO rathaus_app;
GRANT SELECT, UPDATE ON platform_operators TO rathaus_app;

-- Keys that protect cookies and antiforgery tokens, shared by every node of the installation.
CREATE TABLE data_protection_keys (
    friendly_name  text PRIMARY KEY,
    xml            text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON data_protection_keys TO rathaus_app;
