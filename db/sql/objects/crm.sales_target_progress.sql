-- 销售任务 completion of one period (the 销售任务 tab): crm.sales_target_progress_range's
-- one-period case, which says what is computed and who sees what.
CREATE OR REPLACE FUNCTION crm.sales_target_progress(p_period_kind text, p_period_start date)
RETURNS TABLE (target_id bigint, subject_kind text, staff_id integer, staff_login text, branch_id smallint,
               branch_code text, subject_name text, branch_name text, period_kind text, period_start date,
               metric text, target_value bigint, actual_value bigint, completion numeric, set_by text,
               set_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT * FROM crm.sales_target_progress_range(p_period_kind, p_period_start, p_period_start)
$$;

REVOKE ALL ON FUNCTION crm.sales_target_progress(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sales_target_progress(text, date) TO crm_staff;
