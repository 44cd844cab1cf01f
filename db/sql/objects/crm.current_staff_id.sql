-- The staff id of this backend's open CRM session, or NULL (no session: nothing visible).
-- A session is either this backend's own row (crm.open_session on this server), or -- on a read
-- replica, where no row can be written -- the open session row of the same login whose replica
-- secret this connection presented (crm.attach_replica_session). The setting only carries the
-- secret: it is hashed and checked against the replicated row on every statement, so setting
-- crm.replica_secret by hand gains nothing without the secret of one's own live session. The
-- secret proves a session for reading only (a standby, or a read-only transaction): on a
-- writable transaction of the primary only the backend's own session row counts, so a secret
-- copied off a client never claims, decides, approves or edits anything.
--
-- plpgsql so that the replica lookup runs only when a secret was presented (about 160 us a call
-- against 100 us for the SQL version; bench rls showed no difference beyond its noise).
CREATE OR REPLACE FUNCTION crm.current_staff_id() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer;
    v_secret text := current_setting('crm.replica_secret', true);
BEGIN
    SELECT s.staff_id INTO v_staff
      FROM crm.app_session s
      JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
     WHERE s.pid = pg_backend_pid()
       AND s.login = session_user
       AND s.closed_at IS NULL
       AND s.backend_start = (SELECT a.backend_start FROM pg_stat_get_activity(pg_backend_pid()) a);
    IF v_staff IS NOT NULL OR v_secret IS NULL OR v_secret !~ '^[0-9a-f]{64}$'
       OR NOT (pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on') THEN
        RETURN v_staff;
    END IF;
    SELECT s.staff_id INTO v_staff
      FROM crm.app_session s
      JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
     WHERE s.replica_secret_hash = sha256(convert_to(v_secret, 'UTF8'))
       AND s.closed_at IS NULL
       AND s.login = session_user;
    RETURN v_staff;
END
$$;

REVOKE ALL ON FUNCTION crm.current_staff_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.current_staff_id() TO crm_staff;
