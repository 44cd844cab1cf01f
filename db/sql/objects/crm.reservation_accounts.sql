-- The account a reservation the caller may see matched (or that is up for review): its own
-- prospect, even when the account is not (yet) visible to the staff member under the customer policy.
CREATE OR REPLACE FUNCTION crm.reservation_accounts(p_ids bigint[])
RETURNS TABLE (reservation_id bigint, account_no text, customer_name text, open_date date)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, c.account_no, c.name, c.open_date
      FROM crm.reservation r
      JOIN crm.customer c ON c.id = r.customer_id
     CROSS JOIN (SELECT crm.my_staff_ids() AS staff, crm.my_scope_branch_ids() AS branches OFFSET 0) me
     WHERE r.id = ANY (p_ids)
       AND (r.staff_id = ANY (me.staff) OR r.branch_id = ANY (me.branches))
$$;

REVOKE ALL ON FUNCTION crm.reservation_accounts(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.reservation_accounts(bigint[]) TO crm_staff;
