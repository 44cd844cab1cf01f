-- The agent's recycling round: branch by branch, one statement each, the due customers' live
-- development and service relationships end today (released, reason 'recycled') and the run is
-- recorded with one row per customer. At most p_per_branch customers per branch and round: each
-- release moves the customer's developer through the customer list and analysis rollups (their
-- triggers), so a large first backlog is worked off over the following rounds in short
-- transactions instead of one long one. A branch another agent is doing right now is skipped (it
-- does it), so two agents never recycle or report twice. Nothing happens while the policy is off.
CREATE OR REPLACE FUNCTION crm.agent_recycle_pool(p_per_branch integer DEFAULT 500)
RETURNS TABLE (branch_id smallint, run_id bigint, customers integer, relationships integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_policy crm.pool_recycle_policy;
    v_branch smallint;
BEGIN
    IF p_per_branch IS NULL OR p_per_branch NOT BETWEEN 1 AND 1000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'customers per branch must be between 1 and 1000000';
    END IF;
    SELECT * INTO v_policy FROM crm.pool_recycle_policy;
    IF NOT v_policy.enabled THEN
        RETURN;
    END IF;
    FOR v_branch IN SELECT b.id FROM crm.branch b ORDER BY b.id LOOP
        CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtext('crm.agent_recycle_pool'), v_branch);
        run_id := NULL;
        WITH due AS MATERIALIZED (
                SELECT d.* FROM crm.pool_recycle_candidates(v_branch, NULL, current_date) d LIMIT p_per_branch),
             service AS MATERIALIZED (
                SELECT s.id, s.customer_id, s.staff_id FROM crm.relationship s JOIN due USING (customer_id)
                 WHERE s.kind = 'service' AND s.status = 'live'),
             run AS (
                INSERT INTO crm.pool_recycle_run AS x (branch_id, days, customers, relationships)
                SELECT v_branch, v_policy.days, count(*), count(*) + (SELECT count(*) FROM service)
                  FROM due HAVING count(*) > 0
                RETURNING x.id, x.customers, x.relationships),
             released AS (
                UPDATE crm.relationship r
                   SET status = 'released', valid_to = current_date, released_at = now(),
                       released_by = session_user, release_reason = 'recycled'
                 WHERE r.id IN (SELECT due.relationship_id FROM due UNION ALL SELECT service.id FROM service)
                   AND r.status = 'live'
                RETURNING r.id),
             items AS (
                INSERT INTO crm.pool_recycle_item (run_id, branch_id, customer_id, developer_id, development_id,
                                                   service_staff_id, service_id, since, last_contact_at)
                SELECT run.id, v_branch, due.customer_id, due.staff_id, due.relationship_id,
                       service.staff_id, service.id, due.since, due.last_contact_at
                  FROM run CROSS JOIN due LEFT JOIN service USING (customer_id)
                RETURNING 1)
        SELECT run.id, run.customers, run.relationships INTO run_id, customers, relationships FROM run;
        IF run_id IS NOT NULL THEN
            branch_id := v_branch;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION crm.agent_recycle_pool(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.agent_recycle_pool(integer) TO crm_agent;
