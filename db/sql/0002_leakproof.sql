-- Customer search (issue #4): the few functions and the operator class the Customers list
-- needs as INDEX conditions under row-level security. Run as the superuser, because only a
-- superuser may declare a function LEAKPROOF or create an operator class; everything is then
-- handed to crm_owner and PUBLIC loses EXECUTE (like every function of the schema).
--
-- Why LEAKPROOF: a staff member's query on crm.customer carries the RLS policy quals at a
-- lower security level than the query's own quals; PostgreSQL evaluates (and uses as index
-- conditions) only LEAKPROOF quals before the policy. Text, integer and date comparisons are
-- leakproof already; array containment (@>), normalize(), extract() are not, so without these
-- wrappers the name-contains and birthday searches could never use an index for staff.
--
-- Each function below is leakproof in fact: for every input of its declared types it returns a
-- value and raises no error that depends on the argument (nothing but out-of-memory).

-- Unigrams and bigrams of a name with all whitespace removed (NULL -> NULL). Deliberately NOT
-- NFKC-normalised or case-folded: a substring of a name must give a subset of the name's grams
-- (NFKC can compose across the substring's edge, "e" + U+0301), so the GIN index is an exact
-- superset filter for `name LIKE '%q%'` and the LIKE recheck decides. plpgsql: never inlined
-- (an inlined body would not be leakproof) and ~2 µs per name (a set-based SQL body: ~23 µs).
CREATE FUNCTION crm.name_grams(p_name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s text := CASE WHEN p_name ~ '[[:space:]\u3000\u00a0\u200b\ufeff]'
                   THEN regexp_replace(p_name, '[[:space:]\u3000\u00a0\u200b\ufeff]+', '', 'g')
                   ELSE p_name END;
    n integer := length(s);
    grams text[] := '{}';
BEGIN
    FOR i IN 1 .. n LOOP
        grams := grams || substr(s, i, 1);
        IF i < n THEN
            grams := grams || substr(s, i, 2);
        END IF;
    END LOOP;
    RETURN grams;
END
$$;

-- text[] containment (the built-in arraycontains), declared leakproof for the GIN operator class.
CREATE FUNCTION crm.grams_contain(text[], text[]) RETURNS boolean
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF AS 'arraycontains';

-- matchingsel: evaluates the operator on the expression index's statistics (MCV + histogram);
-- arraycontsel refuses operators it does not know.
CREATE OPERATOR crm.@> (
    LEFTARG = text[], RIGHTARG = text[], FUNCTION = crm.grams_contain,
    RESTRICT = matchingsel, JOIN = matchingjoinsel);

-- The GIN array operator class with the leakproof containment operator (strategy 2 = contains).
CREATE OPERATOR CLASS crm.name_gram_ops FOR TYPE text[] USING gin AS
    OPERATOR 2 crm.@> (text[], text[]),
    FUNCTION 1 bttextcmp(text, text),
    FUNCTION 2 ginarrayextract(anyarray, internal, internal),
    FUNCTION 3 ginqueryarrayextract(anyarray, internal, smallint, internal, internal, internal, internal),
    FUNCTION 4 ginarrayconsistent(internal, smallint, anyarray, integer, internal, internal, internal, internal),
    FUNCTION 6 ginarraytriconsistent(internal, smallint, anyarray, integer, internal, internal, internal),
    STORAGE text;

-- Month and day of a date as MMDD (316 = 16 March), for birthday searches (生日 0316, reminders).
CREATE FUNCTION crm.month_day(p_date date) RETURNS smallint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (date_part('month', p_date) * 100 + date_part('day', p_date))::smallint;
END
$$;

ALTER FUNCTION crm.name_grams(text) OWNER TO crm_owner;
ALTER FUNCTION crm.grams_contain(text[], text[]) OWNER TO crm_owner;
ALTER FUNCTION crm.month_day(date) OWNER TO crm_owner;
ALTER OPERATOR crm.@> (text[], text[]) OWNER TO crm_owner;
ALTER OPERATOR CLASS crm.name_gram_ops USING gin OWNER TO crm_owner;
ALTER OPERATOR FAMILY crm.name_gram_ops USING gin OWNER TO crm_owner;

REVOKE EXECUTE ON FUNCTION crm.name_grams(text), crm.grams_contain(text[], text[]), crm.month_day(date)
    FROM PUBLIC;
