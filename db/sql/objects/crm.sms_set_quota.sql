-- HQ sets a sender's monthly quota in message parts (每月发送条数, FAQ 2.1); NULL removes it (the
-- sender then cannot send). Nobody sets their own.
CREATE OR REPLACE FUNCTION crm.sms_set_quota(p_staff_id integer, p_monthly_quota integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff crm.staff;
    v_old integer;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_staff_id = crm.current_staff_id() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033', MESSAGE = 'nobody sets their own SMS quota';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.id = p_staff_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no staff member %s', p_staff_id);
    END IF;
    IF p_monthly_quota IS NOT NULL AND NOT p_monthly_quota BETWEEN 0 AND 10000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a monthly SMS quota is a whole number from 0 to 10 000 000';
    END IF;
    SELECT q.monthly_quota INTO v_old FROM crm.sms_quota q WHERE q.staff_id = p_staff_id;
    IF p_monthly_quota IS NULL THEN
        DELETE FROM crm.sms_quota WHERE staff_id = p_staff_id;
    ELSE
        INSERT INTO crm.sms_quota (staff_id, monthly_quota) VALUES (p_staff_id, p_monthly_quota)
        ON CONFLICT (staff_id) DO UPDATE SET monthly_quota = EXCLUDED.monthly_quota, set_at = now(),
                                             set_by = session_user;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    VALUES (session_user, 'sms_quota', 'set', p_staff_id::text, v_staff.branch_id,
            jsonb_build_object('monthly_quota', v_old), jsonb_build_object('monthly_quota', p_monthly_quota));
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_set_quota(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_set_quota(integer, integer) TO crm_staff;
