-- The masked form of a value (NULL stays NULL). Lengths are kept, so a masked value still shows
-- what kind of number it is:
--   id_no    first 6 and last 4 characters (region and check digits): 110105********1234; up to
--            10 characters: first 2 and last 2
--   phone    first 3 and last 4 from 11 characters on (138****5678), else the last 4 only
--   address  the first half, at most 6 characters (province / city / district), then ****
-- Characters, not bytes: hostile Unicode masks like anything else.
-- A SQL-standard body (RETURN): parsed once here, so no search_path can change what it calls, and
-- with no SET clause the planner inlines it: 0.2 µs a call instead of 3.3 µs with
-- `SET search_path` (measured on 200 000 mobiles: 39 vs 640 ms), which every T+1 load pays on
-- each customer and 扩展资料 row it writes.
CREATE OR REPLACE FUNCTION crm.mask_personal(p_kind text, p_value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
        WHEN p_value IS NULL THEN NULL
        WHEN p_kind = 'address' THEN
            left(p_value, least(6, length(p_value) / 2)) || CASE WHEN p_value = '' THEN '' ELSE '****' END
        WHEN length(p_value) <= 4 THEN repeat('*', length(p_value))
        WHEN p_kind = 'id_no' AND length(p_value) <= 10 THEN
            left(p_value, 2) || repeat('*', length(p_value) - 4) || right(p_value, 2)
        WHEN p_kind = 'id_no' THEN left(p_value, 6) || repeat('*', length(p_value) - 10) || right(p_value, 4)
        WHEN length(p_value) >= 11 THEN left(p_value, 3) || repeat('*', length(p_value) - 7) || right(p_value, 4)
        ELSE repeat('*', length(p_value) - 4) || right(p_value, 4)
    END;

REVOKE ALL ON FUNCTION crm.mask_personal(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.mask_personal(text, text) TO crm_staff;
