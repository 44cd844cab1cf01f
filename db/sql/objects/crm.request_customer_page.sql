-- The customers a hand-over or batch entry names, for whoever may see the request (the one rule,
-- crm.approval_request_visible): an HQ approver need not see the branch's customers to decide.
-- Keyset by customer id; with each its current holder of the request's kind.
CREATE OR REPLACE FUNCTION crm.request_customer_page(p_request bigint, p_after bigint DEFAULT 0,
                                                     p_limit integer DEFAULT 200)
RETURNS TABLE (customer_id bigint, account_no text, customer_name text, open_date date, branch_code text,
               holder_name text, holder_login text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT k.customer_id, c.account_no, c.name, c.open_date, b.code, h.name, h.login
      FROM crm.approval_request r
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.my_posts() AS posts OFFSET 0) me
      JOIN LATERAL (SELECT x.* FROM crm.approval_request_customer x
                     WHERE x.request_id = r.id AND x.customer_id > coalesce(p_after, 0)
                     ORDER BY x.customer_id LIMIT least(greatest(coalesce(p_limit, 200), 1), 2000)) k ON true
      JOIN crm.customer c ON c.id = k.customer_id
      JOIN crm.branch b ON b.id = k.branch_id
      LEFT JOIN crm.staff h ON h.id = CASE r.payload ->> 'kind' WHEN 'development' THEN c.developer_id
                                                                 ELSE c.service_staff_id END
     WHERE r.id = p_request
       AND crm.approval_request_visible(r.requested_by, r.subject_staff_id, r.deciders, r.branch_id, r.posts,
                                        me.id, me.branches, me.posts)
     ORDER BY k.customer_id
$$;

REVOKE ALL ON FUNCTION crm.request_customer_page(bigint, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_customer_page(bigint, bigint, integer) TO crm_staff;
COMMENT ON FUNCTION crm.request_customer_page(bigint, bigint, integer) IS
    'A page of the customers a hand-over or batch-entry request names (for those who see the request).';
