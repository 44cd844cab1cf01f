-- 销售任务 completion of every period of one kind starting from p_first to p_last (month or
-- year starts): the targets of those periods that the caller may see (the policy of
-- crm.sales_target: their own and their subtree's, every target of the branches in their scope
-- or setting rights), each with its actual value computed from the facts by date:
--   net_inflow, commission, contribution: crm.sales_result_day over the period's days, for the
--     staff member (the days their development relationships held), a team (everyone in the
--     leader's subtree as the hierarchy is now) or a branch (all its customers, public pool
--     included); contribution weighted by crm.contribution_weight;
--   new_accounts: customers opened in the period, credited to the staff member of the customer's
--     first development relationship (who developed the account), or to the opening branch.
-- completion = actual / target (NULL for a zero target). One pass over all the periods (多维分析's
-- staff x month over a year: issue #15); crm.sales_target_progress is its one-period case, so the
-- 销售任务 tab and the pivot show the same figures. Definer because the daily results carry no RLS
-- of their own; it returns only rows the caller could read in crm.sales_target.
CREATE OR REPLACE FUNCTION crm.sales_target_progress_range(p_period_kind text, p_first date, p_last date)
RETURNS TABLE (target_id bigint, subject_kind text, staff_id integer, staff_login text, branch_id smallint,
               branch_code text, subject_name text, branch_name text, period_kind text, period_start date,
               metric text, target_value bigint, actual_value bigint, completion numeric, set_by text,
               set_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    -- MATERIALIZED: evaluated once; inlined, the helpers would run again for every target row.
    WITH me AS MATERIALIZED (
        SELECT crm.current_staff_id() AS id, crm.my_staff_ids() AS staff, crm.my_target_branch_ids() AS branches
    ), t AS (
        SELECT st.*, st.period_start AS lo,
               (st.period_start + CASE p_period_kind WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END)::date AS hi
          FROM crm.sales_target st
         WHERE (SELECT me.id FROM me) IS NOT NULL
           AND st.period_kind = p_period_kind AND st.period_start BETWEEN p_first AND p_last
           AND (st.staff_id = ANY ((SELECT me.staff FROM me)::integer[])
                OR st.branch_id = ANY ((SELECT me.branches FROM me)::smallint[]))
    ), period AS (
        SELECT DISTINCT t.lo, t.hi FROM t
    ), members AS (
        SELECT t.id, t.lo, t.staff_id AS member FROM t WHERE t.subject_kind = 'staff'
        UNION
        SELECT t.id, t.lo, unnest(crm.staff_subtree(t.staff_id)) FROM t WHERE t.subject_kind = 'team'
    ), staff_days AS (
        SELECT period.lo, r.staff_id, sum(r.net_inflow_cents) AS net_inflow, sum(r.commission_cents) AS commission,
               sum(r.net_commission_cents) AS net_commission, sum(r.interest_spread_cents) AS spread
          FROM crm.sales_result_day r
          JOIN period ON r.trade_date >= period.lo AND r.trade_date < period.hi
         WHERE r.staff_id IN (SELECT m.member FROM members m)
         GROUP BY period.lo, r.staff_id
    ), staff_new AS (
        SELECT period.lo, first_dev.staff_id, count(*) AS new_accounts
          FROM crm.customer c
          JOIN period ON c.open_date >= period.lo AND c.open_date < period.hi
          JOIN LATERAL (SELECT r.staff_id FROM crm.relationship r
                         WHERE r.customer_id = c.id AND r.kind = 'development'
                         ORDER BY r.valid_from, r.id LIMIT 1) first_dev ON true
          -- a join, hashed once (IN (members) was probed once per customer)
          JOIN (SELECT DISTINCT m.member FROM members m) wanted ON wanted.member = first_dev.staff_id
         -- the whole span as constants too: an index range over open_date, not every customer
         WHERE c.open_date >= (SELECT min(p.lo) FROM period p) AND c.open_date < (SELECT max(p.hi) FROM period p)
         GROUP BY period.lo, first_dev.staff_id
    ), member_totals AS (
        SELECT m.id, sum(d.net_inflow) AS net_inflow, sum(d.commission) AS commission,
               sum(d.net_commission) AS net_commission, sum(d.spread) AS spread, sum(n.new_accounts) AS new_accounts
          FROM members m
          LEFT JOIN staff_days d ON d.staff_id = m.member AND d.lo = m.lo
          LEFT JOIN staff_new n ON n.staff_id = m.member AND n.lo = m.lo
         GROUP BY m.id
    ), branch_totals AS (
        SELECT t.id, sum(r.net_inflow_cents) AS net_inflow, sum(r.commission_cents) AS commission,
               sum(r.net_commission_cents) AS net_commission, sum(r.interest_spread_cents) AS spread,
               (SELECT count(*) FROM crm.customer c
                 WHERE c.branch_id = t.branch_id AND c.open_date >= t.lo AND c.open_date < t.hi) AS new_accounts
          FROM t
          LEFT JOIN crm.sales_result_day r
                 ON r.branch_id = t.branch_id AND r.trade_date >= t.lo AND r.trade_date < t.hi
         WHERE t.subject_kind = 'branch'
         GROUP BY t.id, t.branch_id, t.lo, t.hi
    ), totals AS (
        SELECT * FROM member_totals UNION ALL SELECT * FROM branch_totals
    ), actual AS (
        SELECT t.*, coalesce(CASE t.metric
                       WHEN 'new_accounts' THEN x.new_accounts
                       WHEN 'net_inflow' THEN x.net_inflow
                       WHEN 'commission' THEN x.commission
                       ELSE crm.contribution_cents(coalesce(x.net_commission, 0), coalesce(x.spread, 0)) END, 0)::bigint
                   AS actual_value
          FROM t LEFT JOIN totals x ON x.id = t.id
    )
    SELECT a.id, a.subject_kind, a.staff_id, s.login, a.branch_id, b.code,
           coalesce(s.name, b.name), b.name, a.period_kind, a.period_start, a.metric, a.target_value,
           a.actual_value,
           CASE WHEN a.target_value > 0 THEN round(a.actual_value::numeric / a.target_value, 4) END,
           a.set_by, a.set_at
      FROM actual a
      JOIN crm.branch b ON b.id = a.branch_id
      LEFT JOIN crm.staff s ON s.id = a.staff_id
$$;

REVOKE ALL ON FUNCTION crm.sales_target_progress_range(text, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sales_target_progress_range(text, date, date) TO crm_staff;
