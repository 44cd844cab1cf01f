-- The caller's SMS allowance this month (每月剩余短信条数, FAQ 2.2): their HQ quota (NULL: HQ set
-- none, so they cannot send), parts used and remaining, and their branch's monthly volume.
CREATE OR REPLACE FUNCTION crm.sms_quota_status(OUT month date, OUT monthly_quota integer, OUT used integer,
                                                OUT remaining integer, OUT branch_volume integer,
                                                OUT branch_used integer)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT m.month, q.monthly_quota, coalesce(u.used, 0),
           CASE WHEN q.monthly_quota IS NOT NULL THEN greatest(q.monthly_quota - coalesce(u.used, 0), 0) END,
           coalesce(v.monthly_volume, (SELECT s.default_branch_volume FROM crm.sms_settings s)),
           coalesce(bu.used, 0)
      FROM crm.staff st
     CROSS JOIN (SELECT date_trunc('month', current_date)::date AS month) m
      LEFT JOIN crm.sms_quota q ON q.staff_id = st.id
      LEFT JOIN crm.sms_staff_usage u ON u.staff_id = st.id AND u.month = m.month
      LEFT JOIN crm.sms_branch_volume v ON v.branch_id = st.branch_id
      LEFT JOIN crm.sms_branch_usage bu ON bu.branch_id = st.branch_id AND bu.month = m.month
     WHERE st.id = crm.current_staff_id()
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_quota_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_quota_status() TO crm_staff;
