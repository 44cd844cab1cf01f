-- On a read replica (or any server): present the secret crm.issue_replica_secret() gave this
-- login's session on the primary. Refuses (CR006, changing nothing) unless the secret belongs to
-- an open session of the same login; then keeps it for this connection, where
-- crm.current_staff_id() checks it again on every statement (the session may end meanwhile).
CREATE OR REPLACE FUNCTION crm.attach_replica_session(p_secret text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer;
BEGIN
    IF p_secret IS NULL OR length(p_secret) <> 64 OR p_secret !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR006', MESSAGE = 'not a replica session secret';
    END IF;
    SELECT s.staff_id INTO v_staff
      FROM crm.app_session s
      JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
     WHERE s.replica_secret_hash = sha256(convert_to(p_secret, 'UTF8'))
       AND s.closed_at IS NULL
       AND s.login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR006', MESSAGE = 'no open CRM session of this login for that secret';
    END IF;
    PERFORM set_config('crm.replica_secret', p_secret, false);
    RETURN v_staff;
END
$$;

REVOKE ALL ON FUNCTION crm.attach_replica_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.attach_replica_session(text) TO crm_staff;
COMMENT ON FUNCTION crm.attach_replica_session(text) IS
    'Prove on a read replica the CRM session the secret was issued for (same login, session open)';
