-- HQ maintains the carrier prefix table (number blocks move between carriers); p_carrier NULL
-- removes a prefix.
CREATE OR REPLACE FUNCTION crm.sms_set_prefix(p_prefix text, p_carrier text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_old text;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_prefix IS NULL OR p_prefix !~ '^1[3-9][0-9]{1,2}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a carrier prefix is the first 3 or 4 digits of a mainland mobile (for example 139 or 1349)';
    END IF;
    IF p_carrier IS NOT NULL AND NOT EXISTS (SELECT 1 FROM crm.sms_carrier c WHERE c.code = p_carrier) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no carrier %s', left(p_carrier, 40));
    END IF;
    SELECT p.carrier INTO v_old FROM crm.sms_carrier_prefix p WHERE p.prefix = p_prefix;
    IF p_carrier IS NULL THEN
        DELETE FROM crm.sms_carrier_prefix WHERE prefix = p_prefix;
    ELSE
        INSERT INTO crm.sms_carrier_prefix (prefix, carrier) VALUES (p_prefix, p_carrier)
        ON CONFLICT (prefix) DO UPDATE SET carrier = EXCLUDED.carrier, updated_at = now(), updated_by = session_user;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, old_values, new_values)
    VALUES (session_user, 'sms_carrier_prefix', 'set', p_prefix,
            jsonb_build_object('carrier', v_old), jsonb_build_object('carrier', p_carrier));
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_set_prefix(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_set_prefix(text, text) TO crm_staff;
