-- Customers in a live brokerage relationship with the caller or their subtree.
CREATE OR REPLACE FUNCTION crm.my_related_customer_ids() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED ROWS 5000
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT DISTINCT r.customer_id
      FROM crm.relationship r
     WHERE r.status = 'live' AND r.staff_id = ANY (crm.my_staff_ids())
$$;

REVOKE ALL ON FUNCTION crm.my_related_customer_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_related_customer_ids() TO crm_staff;
