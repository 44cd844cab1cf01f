-- The file's record number of the n-th staged row (numbering from 2), given the record numbers
-- COPY skipped.
CREATE OR REPLACE FUNCTION crm.t1_file_line(p_staged bigint, p_skipped bigint[]) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_line bigint := p_staged;
    v_skip bigint;
BEGIN
    FOREACH v_skip IN ARRAY ARRAY(SELECT s FROM unnest(p_skipped) s ORDER BY s) LOOP
        EXIT WHEN v_skip > v_line;
        v_line := v_line + 1;
    END LOOP;
    RETURN v_line;
END
$$;

REVOKE ALL ON FUNCTION crm.t1_file_line(bigint, bigint[]) FROM PUBLIC;
