CREATE OR REPLACE FUNCTION crm.record_lock_event(p_staff crm.staff, p_outcome text, p_reason jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, reason, source)
    VALUES (p_staff.login, p_staff.id, p_staff.branch_id, p_outcome, p_reason, 'agent');
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'staff', p_outcome, p_staff.login, p_staff.branch_id, p_reason);
$$;

REVOKE ALL ON FUNCTION crm.record_lock_event(crm.staff, text, jsonb) FROM PUBLIC;
