-- 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'AABBCCDDEEFF' -> 'aa:bb:cc:dd:ee:ff'; NULL if malformed.
CREATE OR REPLACE FUNCTION crm.normalize_mac(p_mac text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN h ~ '^[0-9a-f]{12}$'
                THEN regexp_replace(h, '(..)(?!$)', '\1:', 'g') END
      FROM (SELECT lower(regexp_replace(coalesce(p_mac, ''), '[\s:.\-]', '', 'g')) AS h) x
$$;

REVOKE ALL ON FUNCTION crm.normalize_mac(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.normalize_mac(text) TO crm_staff;
