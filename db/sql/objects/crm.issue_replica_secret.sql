-- On the primary, for a signed-in connection: a new random secret (256 bits from
-- gen_random_uuid's strong random source) that proves this session on a read replica. The
-- session row keeps only its SHA-256; a new secret replaces the previous one of this row.
CREATE OR REPLACE FUNCTION crm.issue_replica_secret() RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_secret text;
BEGIN
    v_secret := encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'hex');
    UPDATE crm.app_session s SET replica_secret_hash = sha256(convert_to(v_secret, 'UTF8'))
     WHERE s.pid = pg_backend_pid()
       AND s.login = session_user
       AND s.closed_at IS NULL
       AND s.backend_start = (SELECT a.backend_start FROM pg_stat_get_activity(pg_backend_pid()) a)
       AND EXISTS (SELECT 1 FROM crm.staff st WHERE st.id = s.staff_id AND st.status = 'active');
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CR006', MESSAGE = 'no open CRM session on this connection';
    END IF;
    RETURN v_secret;
END
$$;

REVOKE ALL ON FUNCTION crm.issue_replica_secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.issue_replica_secret() TO crm_staff;
COMMENT ON FUNCTION crm.issue_replica_secret() IS
    'A secret proving this CRM session on a read replica (crm.attach_replica_session); only its hash is stored';
