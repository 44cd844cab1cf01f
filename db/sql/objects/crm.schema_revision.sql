-- The schema revision the server is at (Alembic's version table), so the app can refuse, with a
-- clear message, a server migrated by a newer app than itself. Staff and the gate read it.
CREATE OR REPLACE FUNCTION crm.schema_revision() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT v.version_num::text FROM public.alembic_version v LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION crm.schema_revision() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.schema_revision() TO crm_staff, crm_gate;
COMMENT ON FUNCTION crm.schema_revision() IS 'The database schema revision (Alembic), for the app''s compatibility check';
