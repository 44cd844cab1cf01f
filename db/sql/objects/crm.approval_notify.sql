-- A bare ping: LISTEN needs no privilege, so anything in the payload reaches every login
-- (the gate included). Each client re-reads what it may see under RLS.
CREATE OR REPLACE FUNCTION crm.approval_notify(p_request crm.approval_request) RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT pg_notify('crm_approvals', '')
$$;

REVOKE ALL ON FUNCTION crm.approval_notify(crm.approval_request) FROM PUBLIC;
