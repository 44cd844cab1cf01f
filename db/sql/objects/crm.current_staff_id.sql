-- The staff id of this backend's open CRM session, or NULL (no session: nothing visible).
-- A session is either this backend's own row (crm.open_session on this server), or -- on a read
-- replica, where no row can be written -- the open session row of the same login whose replica
-- secret this connection presented (crm.attach_replica_session). The setting only carries the
-- secret: it is hashed and checked against the replicated row on every statement, so setting
-- crm.replica_secret by hand gains nothing without the secret of one's own live session.
CREATE OR REPLACE FUNCTION crm.current_staff_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(
        (SELECT s.staff_id
           FROM crm.app_session s
           JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
          WHERE s.pid = pg_backend_pid()
            AND s.login = session_user
            AND s.closed_at IS NULL
            AND s.backend_start = (SELECT a.backend_start FROM pg_stat_get_activity(pg_backend_pid()) a)),
        (SELECT s.staff_id
           FROM crm.app_session s
           JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
          WHERE s.replica_secret_hash = (
                    SELECT sha256(convert_to(v.secret, 'UTF8'))
                      FROM (SELECT current_setting('crm.replica_secret', true) AS secret) v
                     WHERE v.secret ~ '^[0-9a-f]{64}$')
            AND s.closed_at IS NULL
            AND s.login = session_user))
$$;

REVOKE ALL ON FUNCTION crm.current_staff_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.current_staff_id() TO crm_staff;
