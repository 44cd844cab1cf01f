-- text[] containment (the built-in arraycontains), declared leakproof for the GIN operator class.
CREATE OR REPLACE FUNCTION crm.grams_contain(text[], text[]) RETURNS boolean
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'arraycontains';

ALTER FUNCTION crm.grams_contain(text[], text[]) OWNER TO crm_owner;
REVOKE ALL ON FUNCTION crm.grams_contain(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.grams_contain(text[], text[]) TO crm_staff;
