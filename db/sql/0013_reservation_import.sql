-- 预约 import (issue #18, item 12): one open reservation per person and branch.
--
-- A person is "the same" when the branch and the normalised name are equal and the normalised
-- ID number or the normalised mobile is equal (the matcher's rule, DESIGN.md §4). Two unique
-- partial indexes make PostgreSQL refuse a second open reservation for them, whoever registers
-- it and however many imports run at once: a single registration gets unique_violation (23505,
-- which the client words as "already has an open reservation"), an import inserts with ON
-- CONFLICT DO NOTHING and reports the rows that were skipped as duplicates. The indexes see every
-- staff member's reservations although RLS shows a marketer only their team's: telling "someone
-- already registered this person here" is the point, and nothing else about that row is revealed.
--
-- Reservations already open twice are resolved first: the oldest stays open, the later ones are
-- withdrawn with reason 'duplicate' (run as the migrating superuser, so RLS does not hide rows).

WITH ranked AS (
    SELECT r.id, first_value(r.id) OVER w AS kept, row_number() OVER w AS n
      FROM crm.reservation r
     WHERE r.status = 'open' AND r.id_no_norm IS NOT NULL
    WINDOW w AS (PARTITION BY r.branch_id, r.name_norm, r.id_no_norm ORDER BY r.id))
UPDATE crm.reservation r
   SET status = 'withdrawn', reason = 'duplicate', reason_detail = format('duplicate of reservation %s', k.kept),
       decided_at = now()
  FROM ranked k
 WHERE r.id = k.id AND k.n > 1;

WITH ranked AS (
    SELECT r.id, first_value(r.id) OVER w AS kept, row_number() OVER w AS n
      FROM crm.reservation r
     WHERE r.status = 'open' AND r.mobile_norm IS NOT NULL
    WINDOW w AS (PARTITION BY r.branch_id, r.name_norm, r.mobile_norm ORDER BY r.id))
UPDATE crm.reservation r
   SET status = 'withdrawn', reason = 'duplicate', reason_detail = format('duplicate of reservation %s', k.kept),
       decided_at = now()
  FROM ranked k
 WHERE r.id = k.id AND k.n > 1;

CREATE UNIQUE INDEX reservation_open_person_id_no_key ON crm.reservation (branch_id, name_norm, id_no_norm)
    WHERE status = 'open' AND id_no_norm IS NOT NULL;
CREATE UNIQUE INDEX reservation_open_person_mobile_key ON crm.reservation (branch_id, name_norm, mobile_norm)
    WHERE status = 'open' AND mobile_norm IS NOT NULL;

SET LOCAL ROLE crm_owner;

-- 预约 import (item 13): the checked rows of a workbook in one statement. The caller's staff id,
-- branches, registration day and 20-working-day window are computed once for all rows instead of
-- once per row in the stamp trigger (which made a 20 000-row import spend most of its time in
-- crm.add_working_days and crm.current_staff_id). Returns, for each row inserted, its ordinal in
-- the arrays and the new id; a row whose person already has an open reservation at that branch
-- (the unique indexes above, anyone's reservation) is skipped and simply not returned.
CREATE FUNCTION crm.import_reservations(p_branch smallint[], p_name text[], p_id_no text[], p_mobile text[],
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
REVOKE EXECUTE ON FUNCTION crm.import_reservations(smallint[], text[], text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.import_reservations(smallint[], text[], text[], text[], text[]) TO crm_staff;

-- The stamp as in 0006, except that an INSERT which brings its own window (only
-- crm.import_reservations and the superuser can: staff hold INSERT on branch_id, name, id_no,
-- mobile and note alone) keeps the owner, day, window and normalised keys it was given.
CREATE OR REPLACE FUNCTION crm.reservation_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.window_end IS NULL THEN
            IF NOT crm.is_operator() THEN
                NEW.staff_id := crm.current_staff_id();
                NEW.registered_on := current_date;
                NEW.status := 'open';
                NEW.customer_id := NULL;
                NEW.request_id := NULL;
                NEW.reason := NULL;
                NEW.reason_detail := NULL;
            END IF;
            NEW.window_end := crm.add_working_days(NEW.registered_on, 20);
            NEW.name_norm := NULL;
        END IF;
        NEW.version := 1;
        NEW.created_at := clock_timestamp();
        IF NEW.name_norm IS NULL THEN
            NEW.name_norm := crm.normalize_name(NEW.name);
            NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
            NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
        END IF;
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.registered_on := OLD.registered_on;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
        -- Stamped at registration (a holiday added later does not move it): the matcher's bulk
        -- updates of status need not recompute it per row.
        NEW.window_end := OLD.window_end;
        NEW.name_norm := crm.normalize_name(NEW.name);
        NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
        NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;

RESET ROLE;
