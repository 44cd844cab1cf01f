-- HQ sets a carrier's price per message part (CNY, FAQ 3). Messages already queued keep theirs.
CREATE OR REPLACE FUNCTION crm.sms_set_price(p_carrier text, p_price numeric) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_old numeric;
BEGIN
    PERFORM crm.require_operator_or_hq();
    IF p_price IS NULL OR p_price < 0 OR p_price > 10 OR p_price <> round(p_price, 4) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a price per message part is from 0 to 10 yuan with at most 4 decimals';
    END IF;
    SELECT c.price_per_part INTO v_old FROM crm.sms_carrier c WHERE c.code = p_carrier FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no carrier %s', left(p_carrier, 40));
    END IF;
    UPDATE crm.sms_carrier SET price_per_part = p_price, updated_at = now(), updated_by = session_user
     WHERE code = p_carrier;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, old_values, new_values)
    VALUES (session_user, 'sms_carrier', 'set_price', p_carrier,
            jsonb_build_object('price_per_part', v_old), jsonb_build_object('price_per_part', p_price));
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_set_price(text, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.sms_set_price(text, numeric) TO crm_staff;
