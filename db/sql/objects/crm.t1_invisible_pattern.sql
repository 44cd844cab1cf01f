-- Control characters (C0, DEL, C1: terminal escape sequences start with one) and invisible
-- format characters (soft hyphen, zero-width and bidi controls, word joiners, BOM).
CREATE OR REPLACE FUNCTION crm.t1_invisible_pattern() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '[\x01-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]';

REVOKE ALL ON FUNCTION crm.t1_invisible_pattern() FROM PUBLIC;
