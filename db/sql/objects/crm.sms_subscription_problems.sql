-- Senders whose live subscriptions can no longer be sent (FAQ 2.3: the 信息管理员 changed and the
-- old one lost the send right or the quota): per sender and column, the reason
-- (crm.sms_sender_problem) and how many subscriptions wait. Staff see their visible branches'
-- senders (HQ: all), the agent all of them (its health and backlog). Counts and names only.
CREATE OR REPLACE FUNCTION crm.sms_subscription_problems()
RETURNS TABLE (sender_id integer, sender_name text, sender_login text, branch_id smallint, branch_name text,
               column_id smallint, column_name text, reason text, subscriptions bigint,
               pending_move_request bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    -- Senders with a problem first (staff is small), then only their subscriptions (sender index):
    -- when every sender is fine, nothing of the 2 M-row side is read.
    WITH me AS MATERIALIZED (
        SELECT pg_has_role(session_user, 'crm_agent', 'MEMBER') AS agent,
               CASE WHEN crm.current_staff_id() IS NOT NULL THEN crm.my_visible_branch_ids() END AS branches),
    stuck AS MATERIALIZED (
        SELECT st.id, st.name, st.login, p.reason
          FROM crm.staff st CROSS JOIN LATERAL (SELECT crm.sms_sender_problem(st.id) AS reason) p
         WHERE p.reason IS NOT NULL
           AND EXISTS (SELECT 1 FROM crm.sms_subscription s WHERE s.sender_id = st.id AND s.ended_at IS NULL)),
    counted AS (
        SELECT s.sender_id, s.column_id, s.branch_id, count(*) AS n
          FROM stuck x JOIN crm.sms_subscription s ON s.sender_id = x.id AND s.ended_at IS NULL, me
         WHERE me.agent OR s.branch_id = ANY (me.branches)
         GROUP BY 1, 2, 3)
    SELECT x.id, x.name, x.login, n.branch_id, b.name, n.column_id, c.name, x.reason, n.n,
           (SELECT r.id FROM crm.approval_request r
             WHERE r.flow_code = 'sms_subscription_move' AND r.status = 'pending' AND r.subject_staff_id = x.id
             LIMIT 1)
      FROM counted n
      JOIN stuck x ON x.id = n.sender_id
      JOIN crm.branch b ON b.id = n.branch_id
      JOIN crm.sms_column c ON c.id = n.column_id
     ORDER BY b.name, x.name, c.name
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_subscription_problems() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_subscription_problems() TO crm_staff, crm_agent;
