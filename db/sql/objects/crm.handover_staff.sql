-- The staff a hand-over or batch entry may name, for the caller: their subtree, the staff they
-- administer and those of the branches they approve for, not closed, of a type that holds
-- relationships; with how many live customers of each kind each holds (counted here: the
-- caller need not see those customers to hand them over).
CREATE OR REPLACE FUNCTION crm.handover_staff()
RETURNS TABLE (staff_id integer, login text, name text, status text, branch_id smallint, branch_code text,
               development bigint, service bigint)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT s.id, s.login, s.name, s.status, s.branch_id, b.code,
           (SELECT count(*) FROM crm.relationship r
             WHERE r.staff_id = s.id AND r.kind = 'development' AND r.status = 'live'),
           (SELECT count(*) FROM crm.relationship r
             WHERE r.staff_id = s.id AND r.kind = 'service' AND r.status = 'live')
      FROM crm.staff s
      JOIN crm.branch b ON b.id = s.branch_id
      JOIN crm.staff_type t ON t.code = s.staff_type
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.has_permission('approve') AS approves OFFSET 0) me
     WHERE me.id IS NOT NULL AND s.status <> 'closed' AND t.holds_relationships
       AND (s.id = ANY (crm.staff_subtree(me.id)) OR crm.can_administer(s.branch_id)
            OR (me.approves AND s.branch_id = ANY (me.branches)))
     ORDER BY b.code, s.name, s.login
$$;

REVOKE ALL ON FUNCTION crm.handover_staff() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.handover_staff() TO crm_staff;
COMMENT ON FUNCTION crm.handover_staff() IS
    'Staff whose customers the caller may hand over or to whom they may give customers, with live counts.';
