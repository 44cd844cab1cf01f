-- What waits for the subscription job, for `crm-admin agent status`: issues due but not yet
-- handed to the outbox, and live subscriptions whose sender can no longer send them (FAQ 2.3:
-- reported, not silently dropped). Counts only.
CREATE OR REPLACE FUNCTION crm.sms_agent_subscription_backlog(OUT issues_due bigint, OUT subscriptions_stuck bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT (SELECT count(*) FROM crm.sms_column_issue i WHERE i.delivered_at IS NULL AND i.publish_at <= now()),
           (SELECT count(*) FROM crm.staff st
              JOIN crm.sms_subscription s ON s.sender_id = st.id AND s.ended_at IS NULL
             WHERE crm.sms_sender_problem(st.id) IS NOT NULL)
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_agent_subscription_backlog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_agent_subscription_backlog() TO crm_agent;
