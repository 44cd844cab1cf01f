-- After each statement that changes relationships: (1) at most one relationship of a kind holds
-- a customer on any day (what attribution by date needs: crm.customer_daily_owner joins by day);
-- a change that would make two hold on the same day is refused, so a hand-over releases the old
-- relationship (valid_to = the effective date) before it enters the new one (valid_from = the
-- same date). (2) The rollups of the changed customers are brought up to date from the earliest
-- day whose holder may have changed (a hand-over dated in the past, a reversal):
-- crm._refresh_relationship_rollups. Not while the transaction holds a row in
-- crm.relationship_rollup_deferral: crm._apply_request then refreshes the customers of a
-- hand-over's two statements (the releases, the new holders) once, after both.
CREATE OR REPLACE FUNCTION crm.relationship_sync_pivot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_customers bigint[];
    v_written bigint[] := '{}';
    v_replaced crm.relationship[] := '{}';
    v_from date;
    v_clash record;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- Two transactions changing one customer's relationships would each pass the check
        -- below without seeing the other's rows: the customer rows serialise them (after the
        -- wait, the check's new snapshot sees the committed rows).
        PERFORM 1 FROM crm.customer c WHERE c.id IN (SELECT n.customer_id FROM new_rows n)
          ORDER BY c.id FOR NO KEY UPDATE OF c;
        -- A semi-join (hashed, or probing relationship_customer_kind_idx): as a plain join over
        -- the transition table, which has no statistics, it became a nested loop over the
        -- whole table per row (5 000 hand-overs: 50 s).
        SELECT n.customer_id, n.kind INTO v_clash
          FROM new_rows n
         WHERE n.valid_from < coalesce(n.valid_to, 'infinity'::date)
           AND EXISTS (SELECT 1 FROM crm.relationship r
                        WHERE r.customer_id = n.customer_id AND r.kind = n.kind AND r.id <> n.id
                          AND r.valid_from < coalesce(r.valid_to, 'infinity'::date)
                          AND r.valid_from < coalesce(n.valid_to, 'infinity'::date)
                          AND n.valid_from < coalesce(r.valid_to, 'infinity'::date))
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '23P01',
                MESSAGE = format('customer %s would have two %s relationships on the same days',
                                 v_clash.customer_id, v_clash.kind),
                HINT = 'end the current relationship (valid_to = the effective date) before the new one starts';
        END IF;
    END IF;

    IF EXISTS (SELECT 1 FROM crm.relationship_rollup_deferral d WHERE d.xact_id = pg_current_xact_id()) THEN
        RETURN NULL;
    END IF;
    -- The days whose holder may have changed start at the earliest date a changed row names.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.customer_id), min(n.valid_from), array_agg(n.id)
          INTO v_customers, v_from, v_written FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.customer_id), min(o.valid_from) INTO v_customers, v_from FROM old_rows o;
        v_replaced := ARRAY(SELECT o FROM old_rows o);
    ELSE
        -- The versions whose holder or days changed, old and new (EXCEPT hashes them; an update
        -- of other columns, e.g. released_by, changes no attribution), then per relationship the
        -- first day that may have another holder now: a release or a moved end changes the days
        -- from the earlier end on, a moved start from the earlier start, another staff member or
        -- customer the whole span. (Grouped, not joined: the transition tables have no statistics
        -- and a join of the two became a nested loop.)
        SELECT array_agg(x.customer_id), min(x.changed_from) INTO v_customers, v_from
          FROM (SELECT unnest(array_agg(DISTINCT c.customer_id)) AS customer_id,
                       CASE WHEN count(DISTINCT (c.customer_id, c.staff_id, c.kind)) > 1 THEN min(c.valid_from)
                            ELSE least(CASE WHEN min(c.valid_from) <> max(c.valid_from) THEN min(c.valid_from) END,
                                       CASE WHEN count(DISTINCT coalesce(c.valid_to, 'infinity'::date)) > 1
                                            THEN min(coalesce(c.valid_to, 'infinity'::date)) END) END AS changed_from
                  FROM ((SELECT n.id, n.customer_id, n.staff_id, n.kind, n.valid_from, n.valid_to FROM new_rows n
                         EXCEPT SELECT o.id, o.customer_id, o.staff_id, o.kind, o.valid_from, o.valid_to FROM old_rows o)
                        UNION ALL
                        (SELECT o.id, o.customer_id, o.staff_id, o.kind, o.valid_from, o.valid_to FROM old_rows o
                         EXCEPT SELECT n.id, n.customer_id, n.staff_id, n.kind, n.valid_from, n.valid_to FROM new_rows n)) c
                 GROUP BY c.id) x;
        v_customers := ARRAY(SELECT DISTINCT unnest(v_customers));
        v_written := ARRAY(SELECT n.id FROM new_rows n);
        v_replaced := ARRAY(SELECT o FROM old_rows o);
    END IF;
    PERFORM crm._refresh_relationship_rollups(v_customers, v_from, v_written, v_replaced);
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.relationship_sync_pivot() FROM PUBLIC;
