-- Per-tenant rules that the end-to-end services compute with, and the transfer of data between departments:
-- the dog tax statute (Hundesteuersatzung) with the Steueramt's register of taxed dogs and its tax tag numbers,
-- the bulky-waste collection calendar (Abfuhrbezirke, streets, dates) with its bookings, and the log of case
-- transfers. docs/services.md describes the rules, the import formats and the transfer seam.

-- A case may now also come from another department's case (rathaus:transfer), not only from an application.
ALTER TABLE cases DROP CONSTRAINT cases_channel_check;
ALTER TABLE cases ADD CONSTRAINT cases_channel_check CHECK (channel IN ('portal', 'api', 'transfer'));

-- The dog tax statute of a tenant, one row per version. The version in force on a day is the one with the latest
-- valid_from on or before it, unless its valid_until lies before that day.
CREATE TABLE dog_tax_statutes (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    valid_from       date NOT NULL,
    valid_until      date CHECK (valid_until IS NULL OR valid_until >= valid_from),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    -- Annual rates in euros: the first, the second and each further dog, and each dog of a listed breed.
    rate_first       numeric(10, 2) NOT NULL CHECK (rate_first >= 0),
    rate_second      numeric(10, 2) NOT NULL CHECK (rate_second >= 0),
    rate_further     numeric(10, 2) NOT NULL CHECK (rate_further >= 0),
    rate_listed      numeric(10, 2) NOT NULL CHECK (rate_listed >= 0),
    -- 'same-month': the tax is owed from the month the keeping starts; 'following-month': from the month after.
    liability_start  text NOT NULL CHECK (liability_start IN ('same-month', 'following-month')),
    -- Due dates of each year as MM-DD; 1, 2, 4 or 12 of them, each for an equal part of the year.
    due_dates        text[] NOT NULL CHECK (cardinality(due_dates) IN (1, 2, 4, 12)),
    -- [{ "code", "label": {de, en}, "percent", "months"? }]: what the statute exempts or reduces.
    exemptions       jsonb NOT NULL DEFAULT '[]',
    imported_at      timestamptz NOT NULL,
    imported_by      text NOT NULL,
    PRIMARY KEY (tenant_id, valid_from)
);

-- The Steueramt's register of taxed dogs: the order of a keeper's dogs counts (first, second, further dog).
-- keeper_key identifies the keeper within the tenant (family name, given names, date of birth, normalised).
CREATE TABLE dog_tax_dogs (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    keeper_key     text NOT NULL,
    case_id        uuid REFERENCES cases (id),
    job_id         text,
    name           text NOT NULL,
    chip_number    text,
    listed         boolean NOT NULL,
    exemption      text,
    -- Counts for the order of the keeper's dogs (not listed, not exempt for good).
    counts         boolean NOT NULL,
    tax_from       date NOT NULL,
    tax_until      date,
    annual_amount  numeric(10, 2) NOT NULL,
    tag_year       integer NOT NULL,
    tag_number     integer NOT NULL,
    created_at     timestamptz NOT NULL,
    UNIQUE (tenant_id, tag_year, tag_number)
);
CREATE INDEX dog_tax_dogs_keeper ON dog_tax_dogs (tenant_id, keeper_key);

-- Tax tag numbers are counted per tenant and year; the row lock of the upsert hands out each number once.
CREATE TABLE dog_tax_tag_counters (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    year        integer NOT NULL,
    last_value  integer NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

-- The result of each rathaus:dog-tax job: a job that runs again returns it instead of registering the dogs twice.
CREATE TABLE dog_tax_assessments (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    job_id      text NOT NULL,
    case_id     uuid REFERENCES cases (id),
    result      jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, job_id)
);

-- Collection districts (Abfuhrbezirke) of the bulky-waste calendar.
CREATE TABLE waste_districts (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    key        text NOT NULL CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    PRIMARY KEY (tenant_id, key)
);

-- Which district a street belongs to; street_key is the street's name normalised (case, ß/ss, "Str."), so that
-- "Schulstrasse" and "Schulstr." find "Schulstraße".
CREATE TABLE waste_district_streets (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    street_key    text NOT NULL,
    street        text NOT NULL CHECK (length(street) BETWEEN 1 AND 100),
    district_key  text NOT NULL,
    PRIMARY KEY (tenant_id, street_key),
    FOREIGN KEY (tenant_id, district_key) REFERENCES waste_districts (tenant_id, key)
);

-- Bulky-waste collection dates of a district; capacity = bookings the date takes (null: no limit, 0: closed).
CREATE TABLE bulky_waste_dates (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    district_key  text NOT NULL,
    date          date NOT NULL,
    capacity      integer CHECK (capacity IS NULL OR capacity >= 0),
    PRIMARY KEY (tenant_id, district_key, date),
    FOREIGN KEY (tenant_id, district_key) REFERENCES waste_districts (tenant_id, key)
);

-- A collection booked by a rathaus:pickup-date job (one per job: a job that runs again finds its booking).
CREATE TABLE bulky_waste_bookings (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    job_id        text NOT NULL,
    case_id       uuid REFERENCES cases (id),
    district_key  text NOT NULL,
    date          date NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, job_id),
    FOREIGN KEY (tenant_id, district_key, date) REFERENCES bulky_waste_dates (tenant_id, district_key, date)
);
CREATE INDEX bulky_waste_bookings_date ON bulky_waste_bookings (tenant_id, district_key, date);

-- The transfer seam: which fields of which case went to which new case of another department, and why.
CREATE TABLE case_transfers (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    job_id             text NOT NULL,
    from_case_id       uuid NOT NULL REFERENCES cases (id),
    to_case_id         uuid NOT NULL REFERENCES cases (id),
    to_department_key  text NOT NULL,
    to_service_id      text NOT NULL,
    fields             text[] NOT NULL,
    legal_basis        text NOT NULL,
    at                 timestamptz NOT NULL,
    UNIQUE (tenant_id, job_id)
);
CREATE INDEX case_transfers_from ON case_transfers (tenant_id, from_case_id);
CREATE INDEX case_transfers_to ON case_transfers (tenant_id, to_case_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dog_tax_statutes', 'dog_tax_dogs', 'dog_tax_tag_counters', 'dog_tax_assessments',
                             'waste_districts', 'waste_district_streets', 'bulky_waste_dates', 'bulky_waste_bookings',
                             'case_transfers']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = rathaus_current_tenant())
                        WITH CHECK (tenant_id = rathaus_current_tenant())', t);
    END LOOP;
END $$;

-- The tenant admin maintains statute and calendar through the API; jobs register dogs, book dates, log transfers.
GRANT SELECT, INSERT, UPDATE ON dog_tax_statutes TO rathaus_app;
GRANT SELECT, INSERT ON dog_tax_dogs TO rathaus_app;
GRANT SELECT, INSERT, UPDATE ON dog_tax_tag_counters TO rathaus_app;
GRANT SELECT, INSERT ON dog_tax_assessments TO rathaus_app;
GRANT SELECT, INSERT, UPDATE ON waste_districts TO rathaus_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON waste_district_streets TO rathaus_app;
GRANT SELECT, INSERT, UPDATE ON bulky_waste_dates TO rathaus_app;
GRANT SELECT, INSERT ON bulky_waste_bookings TO rathaus_app;
GRANT SELECT, INSERT ON case_transfers TO rathaus_app;
