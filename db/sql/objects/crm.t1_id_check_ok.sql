-- GB 11643 check character (ISO 7064 MOD 11-2) of an 18-character resident ID.
CREATE OR REPLACE FUNCTION crm.t1_id_check_ok(p text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN upper(substr(p, 18, 1)) = substr('10X98765432',
        ((substr(p, 1, 1)::int * 7 + substr(p, 2, 1)::int * 9 + substr(p, 3, 1)::int * 10
          + substr(p, 4, 1)::int * 5 + substr(p, 5, 1)::int * 8 + substr(p, 6, 1)::int * 4
          + substr(p, 7, 1)::int * 2 + substr(p, 8, 1)::int * 1 + substr(p, 9, 1)::int * 6
          + substr(p, 10, 1)::int * 3 + substr(p, 11, 1)::int * 7 + substr(p, 12, 1)::int * 9
          + substr(p, 13, 1)::int * 10 + substr(p, 14, 1)::int * 5 + substr(p, 15, 1)::int * 8
          + substr(p, 16, 1)::int * 4 + substr(p, 17, 1)::int * 2) % 11) + 1, 1);

REVOKE ALL ON FUNCTION crm.t1_id_check_ok(text) FROM PUBLIC;
