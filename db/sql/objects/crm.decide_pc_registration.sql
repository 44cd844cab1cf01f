-- The branch administrator approves (binds the request's MACs through crm.bind_mac, with its
-- checks: the account is one they administer, HQ-rights accounts only by HQ) or rejects a
-- pending request. Approving moves the binding (the account's other PCs are unbound, FAQ 38)
-- unless crm.policy.several_pcs_per_login. Nobody decides a request for their own account.
-- Returns the MACs now bound to the account. Audited with session_user.
CREATE OR REPLACE FUNCTION crm.decide_pc_registration(p_request_id bigint, p_approve boolean)
RETURNS text[]
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_request crm.pc_registration_request;
    v_staff crm.staff;
    v_mac text;
    v_unbound text[];
BEGIN
    IF p_approve IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'approve or reject: the decision is missing';
    END IF;
    SELECT * INTO v_request FROM crm.pc_registration_request r
     WHERE r.id = p_request_id AND r.status = 'pending' AND r.staff_id IS NOT NULL
       AND crm.can_administer(r.branch_id)
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format(
            'no pending PC registration %s in a branch you administer (already decided, or not yours)', p_request_id);
    END IF;
    IF v_request.staff_id = crm.current_staff_id() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody decides the registration of a PC for their own account';
    END IF;
    v_staff := crm.administered_staff(v_request.login);
    IF p_approve THEN
        PERFORM crm.refuse_takeover(v_staff);
        IF NOT (SELECT p.several_pcs_per_login FROM crm.policy p) THEN
            WITH gone AS (
                DELETE FROM crm.staff_mac m WHERE m.staff_id = v_staff.id AND NOT m.mac = ANY (v_request.macs)
                RETURNING m.mac)
            SELECT array_agg(mac ORDER BY mac) INTO v_unbound FROM gone;
        END IF;
        FOREACH v_mac IN ARRAY v_request.macs LOOP
            PERFORM crm.bind_mac(v_staff.login, v_mac, left('registered PC ' || v_request.hostname, 300));
        END LOOP;
        UPDATE crm.pc_registration_request r SET status = 'superseded', decided_by = session_user, decided_at = now()
         WHERE r.staff_id = v_staff.id AND r.status = 'pending' AND r.id <> v_request.id;
    END IF;
    UPDATE crm.pc_registration_request r
       SET status = CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END,
           decided_by = session_user, decided_at = now()
     WHERE r.id = v_request.id;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, new_values)
    VALUES (session_user, 'pc_registration_request', CASE WHEN p_approve THEN 'approve' ELSE 'reject' END,
            v_request.id::text, v_request.branch_id,
            jsonb_build_object('login', v_request.login, 'macs', v_request.macs, 'hostname', v_request.hostname,
                               'os_user', v_request.os_user, 'unbound', v_unbound));
    RETURN array(SELECT m.mac FROM crm.staff_mac m WHERE m.staff_id = v_staff.id ORDER BY m.mac);
END
$$;
REVOKE EXECUTE ON FUNCTION crm.decide_pc_registration(bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.decide_pc_registration(bigint, boolean) TO crm_staff;
COMMENT ON FUNCTION crm.decide_pc_registration(bigint, boolean) IS
    'Branch administrator approves (binds the MACs, moving the binding unless policy allows several PCs) or rejects (issue #17)';
