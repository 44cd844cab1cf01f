-- Sets many sales targets at once (the .xlsx import, services/sales_targets.py): every row goes
-- through crm.set_sales_target, so one refused row refuses the whole call and nothing is set.
-- Returns the targets' ids in the order given.
CREATE OR REPLACE FUNCTION crm.import_sales_targets(p_subject_kinds text[], p_subject_ids integer[],
                                                    p_period_kinds text[], p_period_starts date[],
                                                    p_metrics text[], p_target_values bigint[])
RETURNS TABLE (ordinal integer, target_id bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_n integer := coalesce(cardinality(p_subject_kinds), 0);
BEGIN
    IF v_n > 20000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 20 000 targets per import';
    END IF;
    IF v_n <> coalesce(cardinality(p_subject_ids), 0) OR v_n <> coalesce(cardinality(p_period_kinds), 0)
       OR v_n <> coalesce(cardinality(p_period_starts), 0) OR v_n <> coalesce(cardinality(p_metrics), 0)
       OR v_n <> coalesce(cardinality(p_target_values), 0) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the import''s columns differ in length';
    END IF;
    FOR i IN 1 .. v_n LOOP
        ordinal := i;
        target_id := crm.set_sales_target(p_subject_kinds[i], p_subject_ids[i], p_period_kinds[i],
                                          p_period_starts[i], p_metrics[i], p_target_values[i]);
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION crm.import_sales_targets(text[], integer[], text[], date[], text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.import_sales_targets(text[], integer[], text[], date[], text[], bigint[]) TO crm_staff;
