-- The ids among p_ids of reservations the caller sees: the reservation policy team_read
-- (0006_approvals.sql) as a filter, for definer functions (which bypass RLS).
CREATE OR REPLACE FUNCTION crm.visible_reservation_ids(p_ids bigint[]) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id
      FROM crm.reservation r
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_staff_ids() AS staff,
                        crm.my_scope_branch_ids() AS scope_branches OFFSET 0) me
     WHERE r.id = ANY (p_ids)
       AND me.id IS NOT NULL
       AND (r.staff_id = ANY (me.staff) OR r.branch_id = ANY (me.scope_branches))
$$;

REVOKE ALL ON FUNCTION crm.visible_reservation_ids(bigint[]) FROM PUBLIC;
