-- One more connection of a client that is signed in (a worker connection opened on demand, or
-- reopened after it was closed for idleness): crm.open_session's checks (account status,
-- password change, maintenance, MAC binding), but no login event, because it is not a sign-in;
-- the session row names the sign-in it continues (resumed_from). It continues a live sign-in of the same login from the same PC and address: an open
-- session row of session_user whose backend is still connected, with the same hostname and the
-- address the server sees; otherwise CR006 and the client must sign in again (so a forced logout,
-- which ends the backends, cannot be undone by resuming).
CREATE OR REPLACE FUNCTION crm.resume_session(macs text[], hostname text, app_version text)
RETURNS TABLE (session_id bigint, staff_id integer, login text, staff_name text, branch_code text,
               branch_name text, customer_scope text, permissions text[], idle_minutes integer,
               maintenance boolean, last_load_date date)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_sign_in bigint;
BEGIN
    SELECT coalesce(s.resumed_from, s.id) INTO v_sign_in
      FROM crm.app_session s
      JOIN pg_stat_get_activity(NULL) a ON a.pid = s.pid AND a.backend_start = s.backend_start
     WHERE s.login = session_user AND s.closed_at IS NULL
       AND s.pid <> pg_backend_pid()
       AND s.hostname IS NOT DISTINCT FROM resume_session.hostname
       AND s.client_addr IS NOT DISTINCT FROM inet_client_addr()
     ORDER BY s.resumed_from IS NOT NULL, s.id
     LIMIT 1;
    IF v_sign_in IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR006',
            MESSAGE = 'no live sign-in of this login on this PC to continue: sign in again';
    END IF;
    -- The sign-in's checks, as they are; it writes no login event while a session of this
    -- staff member on this PC is open, which the sign-in found above is.
    RETURN QUERY SELECT * FROM crm.open_session(macs, hostname, app_version);
    UPDATE crm.app_session s SET resumed_from = v_sign_in
     WHERE s.pid = pg_backend_pid() AND s.login = session_user AND s.closed_at IS NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.resume_session(text[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.resume_session(text[], text, text) TO crm_staff;
COMMENT ON FUNCTION crm.resume_session(text[], text, text) IS
    'Another connection of a live sign-in (same login, PC and address): checked like open_session, not audited as a sign-in.';
