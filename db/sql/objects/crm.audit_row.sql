CREATE OR REPLACE FUNCTION crm.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_old jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN to_jsonb(NEW) END;
    v_row jsonb := coalesce(v_new, v_old);
    v_key text;
    v_branch smallint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(o.key, v_new -> o.key)
          INTO v_old, v_new
          FROM jsonb_each(v_old) o
         WHERE o.value IS DISTINCT FROM v_new -> o.key;
        IF v_old IS NULL THEN
            RETURN NULL;   -- nothing changed
        END IF;
    END IF;
    SELECT string_agg(v_row ->> k, '/') INTO v_key FROM unnest(TG_ARGV) AS k;
    v_branch := (v_row ->> 'branch_id')::smallint;
    IF v_branch IS NULL AND v_row ? 'staff_id' THEN
        SELECT s.branch_id INTO v_branch FROM crm.staff s WHERE s.id = (v_row ->> 'staff_id')::integer;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    VALUES (session_user, TG_TABLE_NAME, lower(TG_OP), v_key, v_branch,
            crm.mask_personal_json(TG_TABLE_NAME, v_old), crm.mask_personal_json(TG_TABLE_NAME, v_new));
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.audit_row() FROM PUBLIC;
