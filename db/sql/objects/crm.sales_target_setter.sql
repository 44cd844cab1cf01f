-- Who the caller is for sales targets: 'hq' (HQ administrators and 总部营销主管: every branch,
-- also themselves), 'branch' (a 营销总监: their own branch's staff and teams, never themselves)
-- or NULL (sets none).
CREATE OR REPLACE FUNCTION crm.sales_target_setter() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE
             WHEN crm.current_staff_id() IS NULL THEN NULL
             WHEN crm.has_permission('admin_all') OR 'hq_marketing' = ANY (crm.my_posts()) THEN 'hq'
             WHEN 'marketing_director' = ANY (crm.my_posts()) THEN 'branch'
           END
$$;

REVOKE ALL ON FUNCTION crm.sales_target_setter() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sales_target_setter() TO crm_staff;
