-- HQ sets a branch's monthly SMS volume in message parts; NULL returns it to the default.
CREATE OR REPLACE FUNCTION crm.sms_set_branch_volume(p_branch_id smallint, p_monthly_volume integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_old integer;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF NOT EXISTS (SELECT 1 FROM crm.branch b WHERE b.id = p_branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no branch %s', p_branch_id);
    END IF;
    IF p_monthly_volume IS NOT NULL AND NOT p_monthly_volume BETWEEN 0 AND 100000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a monthly SMS volume is a whole number from 0 to 100 000 000';
    END IF;
    SELECT v.monthly_volume INTO v_old FROM crm.sms_branch_volume v WHERE v.branch_id = p_branch_id;
    IF p_monthly_volume IS NULL THEN
        DELETE FROM crm.sms_branch_volume WHERE branch_id = p_branch_id;
    ELSE
        INSERT INTO crm.sms_branch_volume (branch_id, monthly_volume) VALUES (p_branch_id, p_monthly_volume)
        ON CONFLICT (branch_id) DO UPDATE SET monthly_volume = EXCLUDED.monthly_volume, set_at = now(),
                                              set_by = session_user;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    VALUES (session_user, 'sms_branch_volume', 'set', p_branch_id::text, p_branch_id,
            jsonb_build_object('monthly_volume', v_old), jsonb_build_object('monthly_volume', p_monthly_volume));
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_set_branch_volume(smallint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_set_branch_volume(smallint, integer) TO crm_staff;
