-- HQ defines an information column (信息栏目, FAQ 42) or changes one: name, description, active.
-- p_id NULL creates it. An inactive column takes no new subscriptions and no new issues; its
-- subscriptions stay (and show) until unsubscribed. Returns the column's id.
CREATE OR REPLACE FUNCTION crm.sms_save_column(p_id smallint, p_name text, p_description text, p_active boolean)
RETURNS smallint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_name text := btrim(coalesce(p_name, ''), E' \t\n\u3000');
    v_description text := btrim(coalesce(p_description, ''), E' \t\n\u3000');
    v_old crm.sms_column;
    v_id smallint;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF v_name = '' OR length(v_name) > 40 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a column needs a name of at most 40 characters';
    END IF;
    IF length(v_description) > 500 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a column description has at most 500 characters';
    END IF;
    IF (v_name || v_description) ~ E'[\\x01-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a column name or description contains an invisible or control character';
    END IF;
    IF EXISTS (SELECT 1 FROM crm.sms_column c WHERE lower(c.name) = lower(v_name) AND c.id IS DISTINCT FROM p_id) THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = format('a column named "%s" exists already', v_name);
    END IF;
    IF p_id IS NULL THEN
        INSERT INTO crm.sms_column (name, description, active) VALUES (v_name, v_description, coalesce(p_active, true))
        RETURNING id INTO v_id;
    ELSE
        SELECT * INTO v_old FROM crm.sms_column c WHERE c.id = p_id FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no information column %s', p_id);
        END IF;
        UPDATE crm.sms_column SET name = v_name, description = v_description, active = coalesce(p_active, active),
                                  updated_at = now(), updated_by = session_user
         WHERE id = p_id RETURNING id INTO v_id;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, old_values, new_values)
    VALUES (session_user, 'sms_column', CASE WHEN p_id IS NULL THEN 'insert' ELSE 'update' END, v_id::text,
            CASE WHEN p_id IS NOT NULL THEN jsonb_build_object('name', v_old.name, 'description', v_old.description,
                                                                 'active', v_old.active) END,
            jsonb_build_object('name', v_name, 'description', v_description, 'active', coalesce(p_active, true)));
    RETURN v_id;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_save_column(smallint, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_save_column(smallint, text, text, boolean) TO crm_staff;
