-- Pending PC registrations of existing accounts in the branches the caller administers, with the
-- PCs (MACs) the account is bound to now.
CREATE OR REPLACE FUNCTION crm.pending_pc_registrations()
RETURNS TABLE (id bigint, login text, staff_name text, branch_code text, macs text[], hostname text,
               os_user text, requested_at timestamptz, bound_macs text[], several_pcs_allowed boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, r.login, s.name, b.code, r.macs, r.hostname, r.os_user, r.requested_at,
           array(SELECT m.mac FROM crm.staff_mac m WHERE m.staff_id = s.id ORDER BY m.mac),
           (SELECT p.several_pcs_per_login FROM crm.policy p)
      FROM crm.pc_registration_request r
      JOIN crm.staff s ON s.id = r.staff_id
      JOIN crm.branch b ON b.id = s.branch_id
     WHERE r.status = 'pending' AND crm.can_administer(s.branch_id)
     ORDER BY r.requested_at DESC
     LIMIT 500
$$;
REVOKE EXECUTE ON FUNCTION crm.pending_pc_registrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.pending_pc_registrations() TO crm_staff;
COMMENT ON FUNCTION crm.pending_pc_registrations() IS 'PC registration requests the caller may decide (issue #17)';
