-- A random temporary password: 14 characters from an unambiguous alphabet.
CREATE OR REPLACE FUNCTION crm.random_password() RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT string_agg(substr('abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789',
                             1 + (get_byte(b, i) % 56), 1), '' ORDER BY i)
      FROM (SELECT uuid_send(gen_random_uuid()) AS b) r, generate_series(0, 13) AS i
$$;

REVOKE ALL ON FUNCTION crm.random_password() FROM PUBLIC;
