-- The caller as an SMS sender: a signed-in staff member with the send right (短信发送, granted by
-- HQ rules, FAQ 23), and the message text sendable. Returns the caller's staff id.
CREATE OR REPLACE FUNCTION crm.sms_require_sender(p_template text) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer := crm.current_staff_id();
BEGIN
    IF v_staff IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT crm.has_permission('sms_send') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the SMS send right (短信发送) is required';
    END IF;
    PERFORM crm.sms_check_template(p_template);
    RETURN v_staff;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.sms_require_sender(text) FROM PUBLIC;
