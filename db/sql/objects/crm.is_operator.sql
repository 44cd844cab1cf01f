-- The bootstrap superuser (crm-admin, migrations) acts as an operator of every branch.
CREATE OR REPLACE FUNCTION crm.is_operator() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
$$;

REVOKE ALL ON FUNCTION crm.is_operator() FROM PUBLIC;
