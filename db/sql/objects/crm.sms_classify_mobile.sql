-- What an 扩展资料 mobile is for SMS: the number sent to (mainland: 11 digits), its carrier by the
-- longest prefix of crm.sms_carrier_prefix, and why it is skipped (NULL: sendable). Internal:
-- it returns the raw number, so only definer functions call it.
CREATE OR REPLACE FUNCTION crm.sms_classify_mobile(p_mobile text, OUT number text, OUT carrier text, OUT reason text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH d AS (SELECT regexp_replace(normalize(coalesce(p_mobile, ''), NFKC), '[^0-9+]', '', 'g') AS raw),
    n AS (SELECT raw, CASE WHEN raw LIKE '+%' THEN '00' || substr(raw, 2) ELSE raw END AS intl FROM d),
    m AS (SELECT raw, intl, CASE WHEN intl ~ '^(0086|86)?1[3-9][0-9]{9}$' THEN right(intl, 11) END AS mainland
            FROM n)
    SELECT coalesce(m.mainland, nullif(m.intl, '')),
           c.carrier,
           CASE WHEN m.raw = '' THEN 'no_mobile'
                -- Hong Kong and Macau (FAQ 40): +852 / +853 / 00852 / 00853, or 852/853 and 8 digits.
                WHEN m.intl ~ '^00(852|853)' OR m.intl ~ '^(852|853)[0-9]{8}$' THEN 'hk_macau'
                WHEN m.mainland IS NULL OR c.carrier IS NULL THEN 'not_mainland_mobile'
                ELSE b.kind END
      FROM m
      LEFT JOIN LATERAL (SELECT p.carrier FROM crm.sms_carrier_prefix p
                          WHERE p.prefix IN (left(m.mainland, 4), left(m.mainland, 3))
                          ORDER BY length(p.prefix) DESC LIMIT 1) c ON true
      LEFT JOIN crm.sms_blacklist b ON b.mobile = m.mainland
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_classify_mobile(text) FROM PUBLIC;
