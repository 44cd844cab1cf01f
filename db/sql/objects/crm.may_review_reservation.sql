-- May the caller resolve review items (待人工确认) of reservations registered at this branch? The
-- approvers of the development flow: a holder of one of its posts, with the approve right, whose
-- approval branches include it (FAQ 20: the trading manager's 审批岗 and 营业部范围).
CREATE OR REPLACE FUNCTION crm.may_review_reservation(p_branch smallint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(crm.has_permission('approve')
                    AND p_branch = ANY (crm.my_approval_branch_ids())
                    AND crm.my_posts() && ARRAY(SELECT s.post_code FROM crm.approval_flow_step s
                                                 WHERE s.flow_code = 'development'), false)
$$;

REVOKE ALL ON FUNCTION crm.may_review_reservation(smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.may_review_reservation(smallint) TO crm_staff;
COMMENT ON FUNCTION crm.may_review_reservation(smallint) IS
    'Whether the caller resolves reservation review items of the branch (development approvers).';
