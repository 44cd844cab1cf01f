CREATE OR REPLACE FUNCTION crm_server.read_log(p_name text, p_offset bigint, p_length bigint) RETURNS bytea
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

REVOKE ALL ON FUNCTION crm_server.read_log(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_server.read_log(text, bigint, bigint) TO crm_agent;
