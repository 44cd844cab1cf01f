-- A sender asks HQ for a higher monthly SMS quota, and/or for their branch's monthly volume
-- (FAQ 2.2: "申请增加条数"), as an approval request HQ decides (flow sms_quota, post
-- hq_marketing); the final approval applies it (crm._apply_request). Nobody decides their own.
CREATE OR REPLACE FUNCTION crm.request_sms_quota(p_monthly_quota integer, p_branch_volume integer,
                                                 p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_payload jsonb := '{}';
    v_branch smallint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT crm.has_permission('sms_send') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the SMS send right (短信发送) is required';
    END IF;
    IF p_monthly_quota IS NULL AND p_branch_volume IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'ask for a monthly quota, a branch volume or both';
    END IF;
    IF p_monthly_quota IS NOT NULL THEN
        IF NOT p_monthly_quota BETWEEN 1 AND 10000000 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a monthly SMS quota is a whole number from 1 to 10 000 000';
        END IF;
        v_payload := v_payload || jsonb_build_object('monthly_quota', p_monthly_quota,
            'from_monthly_quota', (SELECT q.monthly_quota FROM crm.sms_quota q WHERE q.staff_id = v_me));
    END IF;
    SELECT s.branch_id INTO v_branch FROM crm.staff s WHERE s.id = v_me;
    IF p_branch_volume IS NOT NULL THEN
        IF NOT p_branch_volume BETWEEN 1 AND 100000000 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a monthly SMS volume is a whole number from 1 to 100 000 000';
        END IF;
        v_payload := v_payload || jsonb_build_object('branch_volume', p_branch_volume,
            'from_branch_volume', coalesce((SELECT v.monthly_volume FROM crm.sms_branch_volume v WHERE v.branch_id = v_branch),
                                           (SELECT s.default_branch_volume FROM crm.sms_settings s)));
    END IF;
    IF p_note IS NOT NULL AND length(p_note) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a note has at most 1 000 characters';
    END IF;
    RETURN crm._start_request('sms_quota', v_branch, NULL, v_me, v_me, v_payload, p_note);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.request_sms_quota(integer, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_sms_quota(integer, integer, text) TO crm_staff;
