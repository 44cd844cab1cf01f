-- The date a crm.t1_date_ok text names (immutable, unlike the text-to-date cast, which reads
-- DateStyle: a generated column may use it).
CREATE OR REPLACE FUNCTION crm.t1_date(p text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN make_date(left(p, 4)::int, substr(replace(p, '-', ''), 5, 2)::int, right(p, 2)::int);

REVOKE ALL ON FUNCTION crm.t1_date(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.t1_date(text) TO crm_agent;
