-- customer.developer_id / service_staff_id mirror the live relationships (NULL developer = the
-- public pool), so the customer policy reads only indexed columns of the customer itself.
-- A statement-level trigger (AFTER INSERT / UPDATE / DELETE ON crm.relationship, transition
-- tables old_rows / new_rows): a hand-over changes thousands of relationships in one statement,
-- and one UPDATE per column and direction costs what a PL/pgSQL call per row did many times over.
-- First the ended versions let go of their customers (when still the mirrored holder), then the
-- live versions take them: the order the per-row trigger gave each row, and the same result for
-- a whole statement because a customer has at most one live relationship of a kind (the unique
-- indexes relationship_one_live_development / _service).
-- While the transaction holds a row in crm.relationship_rollup_deferral (the approval of a
-- hand-over, crm._apply_request), the releases leave the customers' holders as they are: the
-- same transaction gives every released customer its new holder, so each customer row (with its
-- dozen indexes) is written once instead of twice.
CREATE OR REPLACE FUNCTION crm.relationship_sync_developer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' AND NOT EXISTS (
            SELECT 1 FROM crm.relationship_rollup_deferral d WHERE d.xact_id = pg_current_xact_id()) THEN
        UPDATE crm.customer c SET developer_id = NULL
          FROM old_rows o
         WHERE o.kind = 'development' AND c.id = o.customer_id AND c.developer_id = o.staff_id;
        UPDATE crm.customer c SET service_staff_id = NULL
          FROM old_rows o
         WHERE o.kind <> 'development' AND c.id = o.customer_id AND c.service_staff_id = o.staff_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE crm.customer c SET developer_id = n.staff_id
          FROM new_rows n
         WHERE n.status = 'live' AND n.kind = 'development' AND c.id = n.customer_id;
        UPDATE crm.customer c SET service_staff_id = n.staff_id
          FROM new_rows n
         WHERE n.status = 'live' AND n.kind <> 'development' AND c.id = n.customer_id;
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.relationship_sync_developer() FROM PUBLIC;
