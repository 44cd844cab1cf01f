-- What the app compares its own version with at sign-in: newest (a notice), minimum (refused
-- below it), download URL. No row: nothing to compare. Readable by staff and by the gate (the
-- login dialog may tell an outdated PC before anyone types a password); it holds nothing secret.
CREATE OR REPLACE FUNCTION crm.app_release()
RETURNS TABLE (newest text, minimum text, download_url text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.newest, r.minimum, r.download_url FROM crm.app_release r
$$;
REVOKE EXECUTE ON FUNCTION crm.app_release() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.app_release() TO crm_staff, crm_gate;
COMMENT ON FUNCTION crm.app_release() IS 'Newest/minimum app version and download URL (issue #17)';
