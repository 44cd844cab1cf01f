-- Who is calling, what they may see, and the row-level security built on it.
-- Run as crm_owner. Every SECURITY DEFINER function fixes its search_path and loses
-- PUBLIC execute at the end of this migration (0001_grants.sql).
--
-- Policies call the helpers as `(SELECT crm.fn())` so each runs once per statement
-- (an InitPlan), not once per row.


-- The bootstrap superuser (crm-admin, migrations) acts as an operator of every branch.
CREATE OR REPLACE FUNCTION crm.is_operator() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
$$;

REVOKE ALL ON FUNCTION crm.is_operator() FROM PUBLIC;
