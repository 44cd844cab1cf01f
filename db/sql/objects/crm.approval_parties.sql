-- Who and what a request is about, for those who may see the request (see 0006).
CREATE OR REPLACE FUNCTION crm.approval_parties(p_ids bigint[])
RETURNS TABLE (request_id bigint, branch_code text, branch_name text,
               customer_account_no text, customer_name text, customer_branch_name text,
               customer_developer_name text, customer_service_staff_name text,
               customer_total_assets_cents bigint, customer_assets_date date,
               subject_name text, subject_login text, subject_branch_name text, subject_type text,
               subject_type_zh text, subject_type_en text, requested_by_name text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, rb.code, rb.name,
           c.account_no, c.name, cb.name, dev.name, srv.name,
           l.total_assets_cents, l.trade_date,
           s.name, s.login, sb.name, s.staff_type, t.name_zh, t.name_en, q.name
      FROM crm.approval_request r
      JOIN crm.branch rb ON rb.id = r.branch_id
      JOIN crm.staff s ON s.id = r.subject_staff_id
      JOIN crm.branch sb ON sb.id = s.branch_id
      JOIN crm.staff_type t ON t.code = s.staff_type
      LEFT JOIN crm.staff q ON q.id = r.requested_by
      LEFT JOIN crm.customer c ON c.id = r.customer_id
      LEFT JOIN crm.branch cb ON cb.id = c.branch_id
      LEFT JOIN crm.staff dev ON dev.id = c.developer_id
      LEFT JOIN crm.staff srv ON srv.id = c.service_staff_id
      LEFT JOIN crm.customer_latest l ON l.customer_id = c.id
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.my_posts() AS posts OFFSET 0) me
     WHERE r.id = ANY (p_ids)
       AND crm.approval_request_visible(r.requested_by, r.subject_staff_id, r.deciders, r.branch_id, r.posts,
                                        me.id, me.branches, me.posts)
$$;

REVOKE ALL ON FUNCTION crm.approval_parties(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.approval_parties(bigint[]) TO crm_staff;
