-- An administrator of the staff member's branch (HQ for accounts holding HQ rights, see
-- crm.administered_staff) edits their name and basic data (FAQ 22). The live row of
-- crm.staff_basic_data is closed and the new one opened (the first edit also keeps what was
-- there before, from the account's creation); crm.staff.name follows, audited by its trigger.
-- Closed accounts keep their history unchanged. Returns false when nothing changed.
CREATE OR REPLACE FUNCTION crm.update_staff_basic_data(p_login text, p_name text, p_phone text, p_title text,
                                                       p_team text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_live crm.staff_basic_data;
    v_name text := btrim(p_name);
    v_phone text := nullif(btrim(p_phone), '');
    v_title text := nullif(btrim(p_title), '');
    v_team text := nullif(btrim(p_team), '');
BEGIN
    IF v.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('account "%s" is closed', p_login);
    END IF;
    IF v_name IS NULL OR v_name = '' OR length(v_name) > 60 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the name must have 1 to 60 characters';
    END IF;
    IF v_phone !~ '^[0-9+() -]{3,30}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the phone may hold digits, spaces, + - ( ) only (3 to 30 characters)';
    END IF;
    IF length(v_title) > 60 OR length(v_team) > 60 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'title and team must have at most 60 characters';
    END IF;
    IF concat(v_name, v_title, v_team) ~ '[[:cntrl:]\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'name, title and team must not contain control or invisible characters';
    END IF;
    SELECT * INTO v_live FROM crm.staff_basic_data d WHERE d.staff_id = v.id AND d.valid_to IS NULL;
    IF NOT FOUND THEN
        INSERT INTO crm.staff_basic_data (staff_id, branch_id, name, valid_from, changed_by)
        VALUES (v.id, v.branch_id, v.name, v.created_at, v.created_by)
        RETURNING * INTO v_live;
    END IF;
    IF (v_live.name, v_live.phone, v_live.title, v_live.team) IS NOT DISTINCT FROM (v_name, v_phone, v_title, v_team) THEN
        RETURN false;
    END IF;
    UPDATE crm.staff_basic_data d SET valid_to = now() WHERE d.id = v_live.id;
    INSERT INTO crm.staff_basic_data (staff_id, branch_id, name, phone, title, team, valid_from)
    VALUES (v.id, v.branch_id, v_name, v_phone, v_title, v_team, now());
    IF v.name IS DISTINCT FROM v_name THEN
        UPDATE crm.staff s SET name = v_name, version = s.version + 1 WHERE s.id = v.id;
    END IF;
    RETURN true;
END
$$;

REVOKE ALL ON FUNCTION crm.update_staff_basic_data(text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.update_staff_basic_data(text, text, text, text, text) TO crm_staff;
