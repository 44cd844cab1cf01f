-- One recipient's message: placeholders filled, its length in UTF-16 units (what the carriers
-- count: a character outside the BMP takes two), its parts (≤ 70 → 1, else 67 a part) and the
-- placeholders the template uses whose value is empty for this recipient. Inlined into the
-- caller's query like crm.sms_classify_mobile (a one-row table function, SQL-standard body).
CREATE OR REPLACE FUNCTION crm.sms_render(p_template text, p_name text, p_gender text, p_branch text, p_staff text)
RETURNS TABLE (body text, chars integer, parts integer, missing text[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH v AS (SELECT nullif(btrim(p_name), '') AS name,
                      CASE p_gender WHEN 'M' THEN '先生' WHEN 'F' THEN '女士' END AS salutation,
                      nullif(btrim(p_branch), '') AS branch, nullif(btrim(p_staff), '') AS staff),
    r AS (SELECT replace(replace(replace(replace(replace(replace(replace(replace(p_template,
                     '{姓名}', coalesce(v.name, '')), '{name}', coalesce(v.name, '')),
                     '{称呼}', coalesce(v.salutation, '')), '{salutation}', coalesce(v.salutation, '')),
                     '{营业部}', coalesce(v.branch, '')), '{branch}', coalesce(v.branch, '')),
                     '{员工}', coalesce(v.staff, '')), '{staff}', coalesce(v.staff, '')) AS body,
                 array_remove(ARRAY[
                     CASE WHEN v.name IS NULL AND strpos(p_template, '{姓名}') + strpos(p_template, '{name}') > 0
                          THEN '姓名' END,
                     CASE WHEN v.salutation IS NULL AND strpos(p_template, '{称呼}') + strpos(p_template, '{salutation}') > 0
                          THEN '称呼' END,
                     CASE WHEN v.branch IS NULL AND strpos(p_template, '{营业部}') + strpos(p_template, '{branch}') > 0
                          THEN '营业部' END,
                     CASE WHEN v.staff IS NULL AND strpos(p_template, '{员工}') + strpos(p_template, '{staff}') > 0
                          THEN '员工' END], NULL) AS missing
            FROM v),
    c AS (SELECT r.body, r.missing,
                 length(r.body) + regexp_count(r.body, E'[\\U00010000-\\U0010FFFF]') AS chars FROM r)
    SELECT c.body, c.chars, CASE WHEN c.chars <= 70 THEN 1 ELSE (c.chars + 66) / 67 END, c.missing FROM c;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_render(text, text, text, text, text) FROM PUBLIC;
