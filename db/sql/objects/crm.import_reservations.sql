-- 预约 import (item 13): the checked rows of a workbook in one statement. The caller's staff id,
-- branches, registration day and 20-working-day window are computed once for all rows instead of
-- once per row in the stamp trigger (which made a 20 000-row import spend most of its time in
-- crm.add_working_days and crm.current_staff_id). Returns, for each row inserted, its ordinal in
-- the arrays and the new id; a row whose person already has an open reservation at that branch
-- (the unique indexes above, anyone's reservation) is skipped and simply not returned.
CREATE OR REPLACE FUNCTION crm.import_reservations(p_branch smallint[], p_name text[], p_id_no text[], p_mobile text[],
                                        p_note text[])
RETURNS TABLE (ordinal integer, reservation_id bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer := crm.current_staff_id();
    v_branches smallint[] := crm.my_branch_ids();
    v_rows integer := coalesce(cardinality(p_branch), 0);
    v_window date;
BEGIN
    IF v_staff IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'no CRM session: sign in first';
    END IF;
    IF v_rows <> coalesce(cardinality(p_name), 0) OR v_rows <> coalesce(cardinality(p_id_no), 0)
       OR v_rows <> coalesce(cardinality(p_mobile), 0) OR v_rows <> coalesce(cardinality(p_note), 0) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the import''s columns have different lengths';
    END IF;
    IF v_rows > 20000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'at most 20000 rows per import';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_branch) b WHERE b IS NULL OR NOT b = ANY (v_branches)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may register reservations only for your own branches';
    END IF;
    v_window := crm.add_working_days(current_date, 20);
    RETURN QUERY
    WITH source AS MATERIALIZED (
        SELECT s.ordinal::integer AS ordinal, s.branch_id, s.name, s.id_no, s.mobile, s.note,
               crm.normalize_name(s.name) AS name_norm, crm.normalize_id_no(s.id_no) AS id_no_norm,
               crm.normalize_mobile(s.mobile) AS mobile_norm
          FROM unnest(p_branch, p_name, p_id_no, p_mobile, p_note) WITH ORDINALITY
               AS s (branch_id, name, id_no, mobile, note, ordinal)),
    inserted AS (
        INSERT INTO crm.reservation (staff_id, branch_id, name, id_no, mobile, note, registered_on, window_end,
                                     name_norm, id_no_norm, mobile_norm)
        SELECT v_staff, s.branch_id, s.name, s.id_no, s.mobile, s.note, current_date, v_window,
               s.name_norm, s.id_no_norm, s.mobile_norm
          FROM source s ORDER BY s.ordinal
        ON CONFLICT DO NOTHING
        RETURNING id, branch_id, name_norm, id_no_norm, mobile_norm)
    -- Rows with the same keys are the same person: the first of them is the one inserted.
    SELECT DISTINCT ON (i.id) s.ordinal, i.id
      FROM inserted i
      JOIN source s ON s.branch_id = i.branch_id AND s.name_norm = i.name_norm
                   AND s.id_no_norm IS NOT DISTINCT FROM i.id_no_norm
                   AND s.mobile_norm IS NOT DISTINCT FROM i.mobile_norm
     ORDER BY i.id, s.ordinal;
END
$$;

REVOKE ALL ON FUNCTION crm.import_reservations(smallint[], text[], text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.import_reservations(smallint[], text[], text[], text[], text[]) TO crm_staff;
