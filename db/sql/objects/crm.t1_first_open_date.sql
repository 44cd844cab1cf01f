-- No securities account in mainland China is older than the first exchanges (1990); a margin
-- for accounts carried over from older systems.
CREATE OR REPLACE FUNCTION crm.t1_first_open_date() RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN DATE '1980-01-01';

REVOKE ALL ON FUNCTION crm.t1_first_open_date() FROM PUBLIC;
