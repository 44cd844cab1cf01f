-- The ids among p_ids that the caller sees: the customer policy (0001_security.sql) as a
-- filter, for definer functions (which bypass RLS).
CREATE OR REPLACE FUNCTION crm.visible_customer_ids(p_ids bigint[]) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT c.id
      FROM crm.customer c
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_scope() AS scope,
                        crm.my_visible_branch_ids() AS visible, crm.my_scope_branch_ids() AS scope_branches,
                        crm.my_staff_ids() AS staff, crm.my_pool_branch_ids() AS pool OFFSET 0) me
     WHERE c.id = ANY (p_ids)
       AND me.id IS NOT NULL
       AND c.branch_id = ANY (me.visible)
       AND (me.scope = 'all'
            OR c.branch_id = ANY (me.scope_branches)
            OR c.developer_id = ANY (me.staff)
            OR c.service_staff_id = ANY (me.staff)
            OR (c.developer_id IS NULL AND c.branch_id = ANY (me.pool)))
$$;

REVOKE ALL ON FUNCTION crm.visible_customer_ids(bigint[]) FROM PUBLIC;
