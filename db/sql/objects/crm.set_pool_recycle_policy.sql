-- HQ switches public pool recycling on or off and sets its days (常见问题 5). Switching it on
-- starts the grace: nobody is recycled before warning_days have passed (see
-- crm.pool_recycle_candidates).
CREATE OR REPLACE FUNCTION crm.set_pool_recycle_policy(p_enabled boolean, p_days integer, p_warning_days integer)
RETURNS crm.pool_recycle_policy
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.pool_recycle_policy;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_enabled IS NULL OR p_days IS NULL OR p_warning_days IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'on/off, days and warning days are all required';
    END IF;
    IF p_days NOT BETWEEN 7 AND 3650 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'days without contact must be between 7 and 3650';
    END IF;
    IF p_warning_days NOT BETWEEN 0 AND 365 OR p_warning_days >= p_days THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'warning days must be between 0 and 365 and fewer than the days without contact';
    END IF;
    UPDATE crm.pool_recycle_policy p SET
        enabled = p_enabled,
        days = p_days,
        warning_days = p_warning_days,
        enabled_since = CASE WHEN NOT p_enabled THEN NULL
                             WHEN p.enabled THEN p.enabled_since ELSE current_date END,
        updated_at = now(), updated_by = session_user
    RETURNING * INTO v;
    RETURN v;
END
$$;

REVOKE ALL ON FUNCTION crm.set_pool_recycle_policy(boolean, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_pool_recycle_policy(boolean, integer, integer) TO crm_staff;
