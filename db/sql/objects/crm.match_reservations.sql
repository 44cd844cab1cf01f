-- Set-based: open reservations against accounts opened at the reservation's branch between its
-- registration day and window_end (20 working days). A match needs the normalised name equal and
-- the ID number or the mobile equal. Ambiguous cases go to review with a reason instead:
--   several_reservations  two or more open reservations match one account;
--   several_accounts      one reservation matches two or more accounts;
--   mobile_of_older_customer  matched by mobile only, and the mobile belongs to an older customer;
--   already_developed     the account already has a development relationship;
--   request_pending       a development request for the account is already pending.
-- A clean match becomes 'matched' and starts the development approval for the reservation's
-- staff member. Open reservations whose window ended before p_as_of expire with the likeliest
-- reason (FAQ 31). Returns counts. Accounts are normalised once (those opened since the oldest
-- open reservation), then everything is joins on equal keys.
CREATE OR REPLACE FUNCTION crm.match_reservations(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_from date;
    v_posts text[];
    v_matched integer := 0;
    v_review integer := 0;
    v_expired integer := 0;
BEGIN
    IF NOT (crm.is_operator() OR pg_has_role(session_user, 'crm_agent', 'MEMBER')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'reservation matching runs with the T+1 load';
    END IF;
    IF p_as_of IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'matching needs the trading date of the load';
    END IF;
    SELECT min(r.registered_on) INTO v_from FROM crm.reservation r WHERE r.status = 'open';
    IF v_from IS NULL THEN
        RETURN jsonb_build_object('matched', 0, 'review', 0, 'expired', 0);
    END IF;
    SELECT array_agg(s.post_code ORDER BY s.step_no) INTO v_posts
      FROM crm.approval_flow_step s WHERE s.flow_code = 'development';
    IF v_posts IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'approval flow "development" has no steps';
    END IF;

    IF to_regclass('pg_temp.reservation_candidate') IS NOT NULL THEN      -- a second call in one transaction
        DROP TABLE pg_temp.reservation_candidate, pg_temp.reservation_pair, pg_temp.reservation_outcome;
    END IF;
    CREATE TEMP TABLE reservation_candidate ON COMMIT DROP AS
    SELECT c.id, c.branch_id, c.open_date, c.developer_id,
           crm.normalize_name(c.name) AS name_norm, crm.normalize_id_no(c.id_no) AS id_no_norm,
           crm.normalize_mobile(c.mobile) AS mobile_norm
      FROM crm.customer c
     WHERE c.open_date BETWEEN v_from AND p_as_of;
    CREATE INDEX ON pg_temp.reservation_candidate (name_norm);
    CREATE INDEX ON pg_temp.reservation_candidate (id_no_norm);
    CREATE INDEX ON pg_temp.reservation_candidate (mobile_norm);
    ANALYZE pg_temp.reservation_candidate;

    CREATE TEMP TABLE reservation_pair ON COMMIT DROP AS
    SELECT r.id AS reservation_id, c.id AS customer_id, r.staff_id, c.branch_id, c.developer_id, c.open_date,
           coalesce(r.id_no_norm = c.id_no_norm, false) AS by_id,
           coalesce(r.mobile_norm = c.mobile_norm, false) AS by_mobile, r.mobile_norm
      FROM crm.reservation r
      JOIN pg_temp.reservation_candidate c
        ON c.branch_id = r.branch_id AND c.name_norm = r.name_norm
       AND c.open_date BETWEEN r.registered_on AND least(r.window_end, p_as_of)
     WHERE r.status = 'open'
       AND (r.id_no_norm = c.id_no_norm OR r.mobile_norm = c.mobile_norm);

    -- One outcome per reservation; "several reservations" wins over the other reasons.
    CREATE TEMP TABLE reservation_outcome ON COMMIT DROP AS
    SELECT DISTINCT ON (k.reservation_id) k.reservation_id, k.customer_id, k.staff_id, k.branch_id,
           k.per_customer, k.per_reservation, k.developer_id,
           CASE WHEN k.per_customer > 1 THEN 'several_reservations'
                WHEN k.per_reservation > 1 THEN 'several_accounts'
                WHEN NOT k.by_id AND EXISTS (
                         SELECT 1 FROM crm.customer o
                          WHERE o.mobile = k.mobile_norm AND o.id <> k.customer_id AND o.open_date < k.open_date)
                     THEN 'mobile_of_older_customer'
                WHEN k.developer_id IS NOT NULL THEN 'already_developed'
                WHEN EXISTS (SELECT 1 FROM crm.approval_request a
                              WHERE a.customer_id = k.customer_id AND a.flow_code = 'development'
                                AND a.status = 'pending') THEN 'request_pending'
                ELSE 'matched' END AS outcome
      FROM (SELECT p.*, count(*) OVER (PARTITION BY p.customer_id) AS per_customer,
                   count(*) OVER (PARTITION BY p.reservation_id) AS per_reservation
              FROM pg_temp.reservation_pair p) k
     ORDER BY k.reservation_id, (k.per_customer > 1) DESC, k.customer_id;

    -- Clean matches: the development approval for the reservation's staff member. A request
    -- started meanwhile by someone else (a claim) is not an error for the load: review below.
    WITH created AS (
        INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, requested_by,
                                          reservation_id, posts, current_step, current_post)
        SELECT 'development', o.branch_id, o.customer_id, o.staff_id, NULL, o.reservation_id, v_posts, 1, v_posts[1]
          FROM pg_temp.reservation_outcome o WHERE o.outcome = 'matched'
         ORDER BY o.reservation_id
        ON CONFLICT (customer_id, flow_code) WHERE status = 'pending' AND customer_id IS NOT NULL DO NOTHING
        RETURNING id, reservation_id, customer_id
    )
    UPDATE crm.reservation r SET status = 'matched', customer_id = c.customer_id, request_id = c.id,
           reason = NULL, reason_detail = NULL, decided_at = now()
      FROM created c
     WHERE r.id = c.reservation_id AND r.status = 'open';
    GET DIAGNOSTICS v_matched = ROW_COUNT;
    PERFORM crm.approval_notify(a)
       FROM crm.approval_request a JOIN pg_temp.reservation_outcome o ON o.reservation_id = a.reservation_id
      WHERE o.outcome = 'matched' AND a.status = 'pending';

    UPDATE crm.reservation r SET status = 'review', customer_id = o.customer_id,
           reason = CASE o.outcome WHEN 'matched' THEN 'request_pending' ELSE o.outcome END,
           reason_detail = CASE o.outcome
               WHEN 'several_reservations' THEN format('%s reservations match this account', o.per_customer)
               WHEN 'several_accounts' THEN format('%s new accounts match this reservation', o.per_reservation)
               WHEN 'mobile_of_older_customer' THEN 'matched by mobile only, and an older customer has the same mobile'
               WHEN 'already_developed' THEN (SELECT s.name FROM crm.staff s WHERE s.id = o.developer_id)
               ELSE 'a development request for this account is already pending' END,
           decided_at = now()
      FROM pg_temp.reservation_outcome o
     WHERE r.id = o.reservation_id AND r.status = 'open';
    GET DIAGNOSTICS v_review = ROW_COUNT;

    -- Expiry with the likeliest cause (FAQ 31).
    WITH expiring AS (
        SELECT r.id, r.branch_id, r.registered_on, r.window_end, r.name_norm, r.id_no_norm, r.mobile_norm
          FROM crm.reservation r
         WHERE r.status = 'open' AND r.window_end < p_as_of
    ), reasoned AS (
        SELECT e.id,
               CASE
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id = e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND (c.id_no_norm = e.id_no_norm OR c.mobile_norm = e.mobile_norm))
                   THEN 'name_differs'
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id = e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND c.name_norm = e.name_norm)
                   THEN (CASE WHEN e.id_no_norm ~ '^1[3-9][0-9]{9}$' THEN 'mobile_in_id_field'
                              WHEN length(e.mobile_norm) >= 15 OR e.mobile_norm ~ 'X' THEN 'id_in_mobile_field'
                              ELSE 'id_and_mobile_differ' END)
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id <> e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND c.name_norm = e.name_norm
                                 AND (c.id_no_norm = e.id_no_norm OR c.mobile_norm = e.mobile_norm))
                   THEN 'other_branch'
                 ELSE 'no_account'
               END AS reason
          FROM expiring e)
    UPDATE crm.reservation r SET status = 'expired', reason = e.reason, decided_at = now(),
           reason_detail = CASE e.reason
               WHEN 'name_differs' THEN 'an account with this ID number or mobile was opened under another name (different characters?)'
               WHEN 'mobile_in_id_field' THEN 'the ID number field holds a mobile number'
               WHEN 'id_in_mobile_field' THEN 'the mobile field holds an ID number'
               WHEN 'id_and_mobile_differ' THEN 'an account with this name was opened, but neither the ID number nor the mobile is equal'
               WHEN 'other_branch' THEN 'the account was opened at another branch'
               ELSE 'no matching account was opened within 20 working days' END
      FROM reasoned e WHERE r.id = e.id;
    GET DIAGNOSTICS v_expired = ROW_COUNT;
    RETURN jsonb_build_object('matched', v_matched, 'review', v_review, 'expired', v_expired);
END
$$;

REVOKE ALL ON FUNCTION crm.match_reservations(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.match_reservations(date) TO crm_agent;
