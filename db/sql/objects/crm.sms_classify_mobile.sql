-- What an 扩展资料 mobile is for SMS: the number sent to (mainland: 11 digits), its carrier by the
-- longest prefix of crm.sms_carrier_prefix, and why it is skipped (NULL: sendable). Internal:
-- it returns the raw number, so only definer functions call it. A one-row table function with a
-- SQL-standard body (names bound at creation, no SET): the planner inlines it into the caller's
-- query (a function call per recipient cost 0.2 ms). The longest prefix wins: 4 digits, else 3.
CREATE OR REPLACE FUNCTION crm.sms_classify_mobile(p_mobile text) RETURNS TABLE (number text, carrier text, reason text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(n.mainland, nullif(n.intl, '')),
           coalesce(p4.carrier, p3.carrier),
           CASE WHEN n.intl = '' THEN 'no_mobile'
                -- Hong Kong and Macau (FAQ 40): +852 / +853 / 00852 / 00853, or 852/853 and 8 digits.
                WHEN left(n.intl, 5) IN ('00852', '00853')
                  OR (length(n.intl) = 11 AND left(n.intl, 3) IN ('852', '853')) THEN 'hk_macau'
                WHEN n.mainland IS NULL OR coalesce(p4.carrier, p3.carrier) IS NULL THEN 'not_mainland_mobile'
                ELSE b.kind END
      FROM (SELECT d.intl,
                   CASE WHEN length(d.intl) = 11 AND left(d.intl, 1) = '1' THEN d.intl
                        WHEN length(d.intl) = 13 AND left(d.intl, 3) = '861' THEN right(d.intl, 11)
                        WHEN length(d.intl) = 15 AND left(d.intl, 5) = '00861' THEN right(d.intl, 11) END AS mainland
              FROM (SELECT CASE WHEN left(r.raw, 1) = '+' THEN '00' || substr(r.raw, 2) ELSE r.raw END AS intl
                      FROM (SELECT CASE WHEN ltrim(coalesce(p_mobile, ''), '+0123456789') = '' THEN coalesce(p_mobile, '')
                                        -- Typed by a person: full-width digits, spaces, dashes.
                                        ELSE regexp_replace(normalize(p_mobile, NFKC), '[^0-9+]', '', 'g') END AS raw) r) d
            OFFSET 0) n      -- computed once per number, not once per use
      LEFT JOIN crm.sms_carrier_prefix p4 ON p4.prefix = left(n.mainland, 4)
      LEFT JOIN crm.sms_carrier_prefix p3 ON p3.prefix = left(n.mainland, 3)
      LEFT JOIN crm.sms_blacklist b ON b.mobile = n.mainland;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_classify_mobile(text) FROM PUBLIC;
