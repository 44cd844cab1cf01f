-- YYYY-MM-DD or YYYYMMDD naming a real calendar day (no 'today', 'epoch', '-infinity',
-- Julian days, DMY/MDY, two-digit years). The shape by translate (a regular expression per
-- value costs 3x as much, and COPY checks every date), the day by the date input function
-- (which reads both shapes the same under any DateStyle).
CREATE OR REPLACE FUNCTION crm.t1_date_ok(p text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN translate(p, '123456789', '000000000') IN ('0000-00-00', '00000000') AND pg_input_is_valid(p, 'date');

REVOKE ALL ON FUNCTION crm.t1_date_ok(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_date_ok(text) TO crm_agent;
