-- Refuses a message text that cannot be sent as it is (22023, the reason in words): empty, too
-- long, an invisible or control character, an unknown placeholder or a lone brace.
CREATE OR REPLACE FUNCTION crm.sms_check_template(p_template text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_max integer := (SELECT s.max_template_chars FROM crm.sms_settings s);
    v_bad text;
    v_rest text;
BEGIN
    IF p_template IS NULL OR btrim(p_template, E' \n\t\u3000') = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the message text is empty';
    END IF;
    IF length(p_template) > v_max THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('the message text has %s characters; at most %s are allowed', length(p_template), v_max);
    END IF;
    v_bad := substring(p_template FROM
        E'[\\x01-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb]');
    IF v_bad IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('the message text contains an invisible or control character (U+%s) at position %s',
                             upper(lpad(to_hex(ascii(v_bad)), 4, '0')), strpos(p_template, v_bad));
    END IF;
    v_bad := (SELECT m[1] FROM regexp_matches(p_template, '\{([^{}]*)\}', 'g') m
               WHERE m[1] NOT IN ('姓名', '称呼', '营业部', '员工', 'name', 'salutation', 'branch', 'staff') LIMIT 1);
    IF v_bad IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown placeholder {%s}: use {姓名}, {称呼}, {营业部} or {员工}', left(v_bad, 40));
    END IF;
    v_rest := regexp_replace(p_template, '\{[^{}]*\}', '', 'g');
    IF strpos(v_rest, '{') > 0 OR strpos(v_rest, '}') > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the message text has a { or } that is not part of a placeholder such as {姓名}';
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_check_template(text) FROM PUBLIC;
