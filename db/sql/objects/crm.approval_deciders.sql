-- The names of those who decided the steps of the requests the caller may see.
CREATE OR REPLACE FUNCTION crm.approval_deciders(p_ids bigint[])
RETURNS TABLE (request_id bigint, step_no smallint, decided_by_name text, decided_by_login text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT a.request_id, a.step_no, s.name, s.login
      FROM crm.approval_step a
      JOIN crm.approval_request r ON r.id = a.request_id
      JOIN crm.staff s ON s.id = a.decided_by
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.my_posts() AS posts OFFSET 0) me
     WHERE a.request_id = ANY (p_ids)
       AND crm.approval_request_visible(r.requested_by, r.subject_staff_id, r.deciders, r.branch_id, r.posts,
                                        me.id, me.branches, me.posts)
$$;

REVOKE ALL ON FUNCTION crm.approval_deciders(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.approval_deciders(bigint[]) TO crm_staff;
