-- A letter or ideograph, spelled out as code point ranges so that the answer does not depend
-- on the server's locale: Latin, Greek to Tibetan and the other scripts below U+2000, CJK,
-- kana, Hangul, compatibility ideographs, full-width Latin letters, the supplementary
-- ideograph planes.
CREATE OR REPLACE FUNCTION crm.t1_letter_pattern() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '[A-Za-z\u00c0-\u024f\u0370-\u1fff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3041-\u30ff\u3105-\u312f\u3131-\u318e\u3400-\u9fff\ua000-\ud7a3\uf900-\ufaff\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc\U00020000-\U0003ffff]';

REVOKE ALL ON FUNCTION crm.t1_letter_pattern() FROM PUBLIC;
