-- State changes with rules: SECURITY DEFINER functions owned by crm_owner.
-- Each checks that the caller may act on the rows it names (a definer bypasses RLS),
-- locks what it changes, and is audited under session_user.
--
-- SQLSTATEs of class CR (the client maps them to messages, crm_desktop/services/errors.py):
--   CR001 this PC's MAC is not bound to the account     CR002 system under maintenance
--   CR003 password change required                       CR004 account frozen or closed
--   CR005 not a CRM staff account                         CR006 no open CRM session
--   CR020 password refused by policy
-- Standard ones: 42501 not permitted, 22023 bad parameter, 23505 duplicate, P0002 not found.


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
