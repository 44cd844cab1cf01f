-- What the export may hold, as constants the check and the staging types share.
CREATE OR REPLACE FUNCTION crm.t1_first_birthday() RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN DATE '1900-01-01';

REVOKE ALL ON FUNCTION crm.t1_first_birthday() FROM PUBLIC;
