CREATE OR REPLACE FUNCTION crm.my_posts() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(p.post_code ORDER BY p.post_code), '{}')
      FROM crm.staff_post p WHERE p.staff_id = crm.current_staff_id()
$$;

REVOKE ALL ON FUNCTION crm.my_posts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.my_posts() TO crm_staff;
