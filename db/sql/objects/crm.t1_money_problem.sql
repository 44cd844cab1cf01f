CREATE OR REPLACE FUNCTION crm.t1_money_problem(p_name text, p_value numeric, p_signed boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_value IS NULL THEN format('missing %s', p_name)
                WHEN p_value IN ('NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric)
                     THEN format('%s is not a number', p_name)
                WHEN abs(p_value) >= 1e15 THEN format('%s is out of range', p_name)
                WHEN p_value <> round(p_value, 2) THEN format('%s has more than 2 decimals: %s', p_name, p_value)
                WHEN NOT p_signed AND p_value < 0 THEN format('%s is negative: %s', p_name, p_value) END;

REVOKE ALL ON FUNCTION crm.t1_money_problem(text, numeric, boolean) FROM PUBLIC;
