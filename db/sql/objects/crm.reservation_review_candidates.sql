-- The accounts a review item could be (FAQ 31), side by side with why each matched or failed:
-- accounts opened at the reservation's branch from its registration day on whose normalised
-- name, ID number or mobile equals the reservation's, plus the account the matcher named.
-- `confirmable`: what crm.resolve_reservation accepts -- no development relationship and no
-- pending development request, and the ID number equal, or the name and the mobile equal.
-- `why` lists codes: name_equal / name_differs, id_equal / id_differs / id_missing,
-- mobile_equal / mobile_differs / mobile_missing, outside_window, mobile_of_older_customer,
-- already_developed, request_pending. Only for the reservation's reviewers.
CREATE OR REPLACE FUNCTION crm.reservation_review_candidates(p_reservation bigint)
RETURNS TABLE (customer_id bigint, account_no text, name text, id_no text, mobile text, open_date date,
               branch_code text, branch_name text, developer_name text, name_equal boolean, id_equal boolean,
               mobile_equal boolean, in_window boolean, mobile_of_older_customer boolean,
               already_developed boolean, request_pending boolean, confirmable boolean, why text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.reservation;
BEGIN
    SELECT * INTO v FROM crm.reservation r WHERE r.id = p_reservation;
    IF NOT FOUND OR NOT crm.may_review_reservation(v.branch_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no reservation %s to review', p_reservation);
    END IF;
    RETURN QUERY
    WITH found AS (
        SELECT c.id, c.account_no, c.name, c.id_no_masked, c.mobile_masked, c.open_date, c.developer_id,
               c.mobile, c.branch_id,
               coalesce(crm.normalize_name(c.name) = v.name_norm, false) AS name_eq,
               coalesce(crm.normalize_id_no(c.id_no) = v.id_no_norm, false) AS id_eq,
               coalesce(crm.normalize_mobile(c.mobile) = v.mobile_norm, false) AS mobile_eq,
               c.id_no IS NULL AS id_missing, c.mobile IS NULL AS mobile_missing
          FROM crm.customer c
         WHERE c.branch_id = v.branch_id
           AND (c.id = v.customer_id
                OR (c.open_date >= v.registered_on
                    AND (crm.normalize_name(c.name) = v.name_norm OR crm.normalize_id_no(c.id_no) = v.id_no_norm
                         OR crm.normalize_mobile(c.mobile) = v.mobile_norm)))
         ORDER BY (c.id = v.customer_id) DESC, c.open_date, c.id
         LIMIT 50
    ), judged AS (
        SELECT f.*, f.open_date BETWEEN v.registered_on AND v.window_end AS in_win,
               EXISTS (SELECT 1 FROM crm.customer o
                        WHERE f.mobile IS NOT NULL AND o.mobile = f.mobile AND o.id <> f.id
                          AND o.open_date < f.open_date) AS older,
               f.developer_id IS NOT NULL AS developed,
               EXISTS (SELECT 1 FROM crm.approval_request a
                        WHERE a.customer_id = f.id AND a.flow_code = 'development' AND a.status = 'pending') AS pending
          FROM found f
    )
    SELECT j.id, j.account_no, j.name, j.id_no_masked, j.mobile_masked, j.open_date, b.code, b.name, d.name,
           j.name_eq, j.id_eq, j.mobile_eq, j.in_win, j.older, j.developed, j.pending,
           (NOT j.developed AND NOT j.pending AND (j.id_eq OR (j.name_eq AND j.mobile_eq))),
           array_remove(ARRAY[
               CASE WHEN j.name_eq THEN 'name_equal' ELSE 'name_differs' END,
               CASE WHEN j.id_eq THEN 'id_equal' WHEN j.id_missing OR v.id_no_norm IS NULL THEN 'id_missing'
                    ELSE 'id_differs' END,
               CASE WHEN j.mobile_eq THEN 'mobile_equal' WHEN j.mobile_missing OR v.mobile_norm IS NULL
                    THEN 'mobile_missing' ELSE 'mobile_differs' END,
               CASE WHEN NOT j.in_win THEN 'outside_window' END,
               CASE WHEN j.older THEN 'mobile_of_older_customer' END,
               CASE WHEN j.developed THEN 'already_developed' END,
               CASE WHEN j.pending THEN 'request_pending' END], NULL)
      FROM judged j
      JOIN crm.branch b ON b.id = j.branch_id
      LEFT JOIN crm.staff d ON d.id = j.developer_id
     ORDER BY j.open_date, j.id;
END
$$;

REVOKE ALL ON FUNCTION crm.reservation_review_candidates(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reservation_review_candidates(bigint) TO crm_staff;
COMMENT ON FUNCTION crm.reservation_review_candidates(bigint) IS
    'The candidate accounts of a reservation in review, with why each matched or failed (reviewers only).';
