-- Who may see an approval request: the ONE statement of the rule, used by the involved_read
-- policy, crm.decide_request, crm.approval_parties and crm.approval_deciders. Its requester, its
-- subject, whoever decided one of its steps (item 11: what I approved stays in my history), and
-- the approvers of its branch whose post is one of its steps. Plain SQL without SET so that the
-- planner inlines it into the policy (the caller's values are InitPlans, computed once): that
-- needs each argument used once (an argument holding a sub-select and used twice is not
-- inlined: a call per row took 0.7 s to count 200 000 requests, inlined 0.12 s as the 0006 policy);
-- the operators are schema-qualified because an inlined body is parsed with the caller's
-- search_path.
CREATE OR REPLACE FUNCTION crm.approval_request_visible(
    p_requested_by integer, p_subject integer, p_deciders integer[], p_branch smallint, p_posts text[],
    p_me integer, p_my_branches smallint[], p_my_posts text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(p_me OPERATOR(pg_catalog.=) ANY (ARRAY[p_requested_by, p_subject] OPERATOR(pg_catalog.||) p_deciders)
                    OR (p_branch OPERATOR(pg_catalog.=) ANY (p_my_branches)
                        AND p_posts OPERATOR(pg_catalog.&&) p_my_posts), false)
$$;

REVOKE ALL ON FUNCTION crm.approval_request_visible(integer, integer, integer[], smallint, text[], integer, smallint[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.approval_request_visible(integer, integer, integer[], smallint, text[], integer, smallint[], text[]) TO crm_staff;
