-- Cluster-level roles. Roles are shared by every database of a cluster, so this part
-- is idempotent: a second database (or a re-created one) finds them in place.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_owner') THEN
        CREATE ROLE crm_owner NOLOGIN CREATEROLE BYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_staff') THEN
        CREATE ROLE crm_staff NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_gate') THEN
        CREATE ROLE crm_gate LOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_agent') THEN
        CREATE ROLE crm_agent LOGIN;
    END IF;
END
$$;

-- crm_owner creates staff logins inside definer functions and must be able to alter
-- and end them: ADMIN on the staff group, signalling and reading other backends.
GRANT crm_staff TO crm_owner WITH ADMIN OPTION;
GRANT pg_signal_backend TO crm_owner;
GRANT pg_read_all_stats TO crm_owner;

-- The HQ agent reads the server log remotely (DESIGN.md section 3).
GRANT pg_monitor TO crm_agent;
GRANT pg_read_server_files TO crm_agent;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_file(text, bigint, bigint) TO crm_agent;
-- The agent reads byte ranges: a text read could split a multi-byte character mid-file.
GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint) TO crm_agent;

-- Schema: created by the migrating superuser, owned by crm_owner.
CREATE SCHEMA IF NOT EXISTS crm AUTHORIZATION crm_owner;
REVOKE ALL ON SCHEMA crm FROM PUBLIC;
GRANT USAGE ON SCHEMA crm TO crm_staff, crm_gate, crm_agent;
