-- After each statement that changes relationships: (1) at most one relationship of a kind holds
-- a customer on any day (what attribution by date needs: crm.customer_daily_owner joins by day);
-- a change that would make two hold on the same day is refused, so a hand-over releases the old
-- relationship (valid_to = the effective date) before it enters the new one (valid_from = the
-- same date). (2) The customer-month rollup of the changed customers is rebuilt from the
-- earliest day whose holder may have changed: a hand-over dated in the past, a reversal.
CREATE OR REPLACE FUNCTION crm.relationship_sync_pivot() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_customers bigint[];
    v_from date;
    v_months date[];
    v_clash record;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT n.customer_id, n.kind INTO v_clash
          FROM new_rows n
          JOIN crm.relationship r
            ON r.customer_id = n.customer_id AND r.kind = n.kind AND r.id <> n.id
           AND r.valid_from < coalesce(r.valid_to, 'infinity'::date)
           AND n.valid_from < coalesce(n.valid_to, 'infinity'::date)
           AND r.valid_from < coalesce(n.valid_to, 'infinity'::date)
           AND n.valid_from < coalesce(r.valid_to, 'infinity'::date)
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '23P01',
                MESSAGE = format('customer %s would have two %s relationships on the same days',
                                 v_clash.customer_id, v_clash.kind),
                HINT = 'end the current relationship (valid_to = the effective date) before the new one starts';
        END IF;
    END IF;

    -- The days whose holder may have changed start at the earliest date a changed row names.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.customer_id), min(n.valid_from) INTO v_customers, v_from FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.customer_id), min(o.valid_from) INTO v_customers, v_from FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT x.customer_id), min(x.changed_from) INTO v_customers, v_from
          FROM (SELECT n.customer_id, least(n.valid_from, o.valid_from, n.valid_to, o.valid_to) AS changed_from
                  FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE (n.customer_id, n.staff_id, n.kind, n.valid_from, n.valid_to)
                       IS DISTINCT FROM (o.customer_id, o.staff_id, o.kind, o.valid_from, o.valid_to)
                UNION ALL
                SELECT o.customer_id, least(n.valid_from, o.valid_from, n.valid_to, o.valid_to)
                  FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n.customer_id <> o.customer_id) x;
    END IF;
    IF v_customers IS NULL THEN
        RETURN NULL;
    END IF;
    v_months := ARRAY(SELECT DISTINCT m.month FROM crm.pivot_customer_month m
                       WHERE m.customer_id = ANY (v_customers) AND m.month >= date_trunc('month', v_from)::date);
    IF cardinality(v_months) > 0 THEN
        PERFORM crm.refresh_pivot_rollups(v_months, v_customers);
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.relationship_sync_pivot() FROM PUBLIC;
