-- The HQ agent reads the server log through one narrow function instead of holding
-- pg_read_server_files (which reads any file the server's OS account can read: keys,
-- configuration, other databases' files) and EXECUTE on pg_read_file / pg_read_binary_file.
-- Runs as the migrating superuser, who owns the function: only a superuser-owned definer can read
-- a log directory outside the data directory. It lives in its own schema, crm_server (owned by
-- the superuser, USAGE for crm_agent only), so everything in crm stays crm_owner's; search_path
-- is pg_catalog only, so nothing a caller creates is found by name inside it.
CREATE SCHEMA crm_server;
REVOKE ALL ON SCHEMA crm_server FROM PUBLIC;
GRANT USAGE ON SCHEMA crm_server TO crm_agent;

CREATE FUNCTION crm_server.read_log(p_name text, p_offset bigint, p_length bigint) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A plain file name of the log directory (no path, no dot files), listed by pg_ls_logdir().
    IF p_name IS NULL OR p_name !~ '^[A-Za-z0-9][A-Za-z0-9._-]*\.json$' THEN
        RAISE EXCEPTION 'not a server log file name: %', p_name USING ERRCODE = '22023';
    END IF;
    IF p_offset IS NULL OR p_length IS NULL OR p_offset < 0 OR p_length < 0 OR p_length > 16777216 THEN
        RAISE EXCEPTION 'offset and length must be 0..16 MiB' USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ls_logdir() l WHERE l.name = p_name) THEN
        RAISE EXCEPTION 'no server log file %', p_name USING ERRCODE = '58P01';
    END IF;
    RETURN pg_read_binary_file(current_setting('log_directory') || '/' || p_name, p_offset, p_length);
END
$$;
REVOKE EXECUTE ON FUNCTION crm_server.read_log(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_server.read_log(text, bigint, bigint) TO crm_agent;

-- What 0001 granted for the same purpose (roles are cluster-wide: revoked for every database).
REVOKE pg_read_server_files FROM crm_agent;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_file(text, bigint, bigint) FROM crm_agent;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint) FROM crm_agent;
