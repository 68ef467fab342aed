-- The optimistic lock of process instances, checked inside the statement that writes the new state: the UPDATE
-- filters on this function, which raises a serialization failure when another transaction moved the revision on.
-- The runtime can then send a command's writes and its COMMIT in one round trip: a conflict aborts the
-- transaction before the COMMIT, instead of being noticed by the client from an update count afterwards.
-- The runtime retries a serialization failure like any other concurrent change.
CREATE FUNCTION rathaus_expect_revision(p_instance text, p_found bigint, p_expected bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF p_found IS DISTINCT FROM p_expected THEN
        RAISE EXCEPTION 'Process instance % was changed concurrently (revision % instead of %).', p_instance, p_found, p_expected
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN true;
END
$$;

-- A node keeps the latest version of each process it started; another node may have deployed a newer one since.
-- A start with the kept version checks in its INSERT that none is newer (in the tenant, through row-level security),
-- so that it needs no query of its own, and fails like a concurrent change when one is: it is then run again.
CREATE FUNCTION rathaus_expect_latest_version(p_process_id text, p_version integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM process_definitions d WHERE d.process_id = p_process_id AND d.version > p_version) THEN
        RAISE EXCEPTION 'Process % has a version newer than %.', p_process_id, p_version
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN true;
END
$$;
