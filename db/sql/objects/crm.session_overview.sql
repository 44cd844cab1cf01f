CREATE OR REPLACE VIEW crm.session_overview WITH (security_invoker = true) AS
SELECT s.id, s.login, st.name AS staff_name, b.code AS branch_code, s.hostname, s.macs, s.app_version,
       s.client_addr, s.opened_at, s.last_activity_at, s.closed_at, s.close_reason,
       a.state AS backend_state,
       CASE WHEN a.state LIKE 'idle%' THEN now() - a.state_change END AS idle_for
  FROM crm.app_session s
  JOIN crm.staff st ON st.id = s.staff_id
  JOIN crm.branch b ON b.id = s.branch_id
  LEFT JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start;

REVOKE ALL ON crm.session_overview FROM PUBLIC;
GRANT SELECT ON crm.session_overview TO crm_staff;
