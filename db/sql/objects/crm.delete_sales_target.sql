-- Removes a sales target; the same people who may set it may remove it (crm.set_sales_target's
-- rules, checked by setting it to its own value first). Audited by the table's trigger.
CREATE OR REPLACE FUNCTION crm.delete_sales_target(p_target_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.sales_target;
BEGIN
    SELECT * INTO v FROM crm.sales_target t WHERE t.id = p_target_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no sales target %s', p_target_id);
    END IF;
    PERFORM crm.set_sales_target(v.subject_kind, coalesce(v.staff_id, v.branch_id), v.period_kind,
                                 v.period_start, v.metric, v.target_value);
    DELETE FROM crm.sales_target WHERE id = p_target_id;
END
$$;

REVOKE ALL ON FUNCTION crm.delete_sales_target(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.delete_sales_target(bigint) TO crm_staff;
