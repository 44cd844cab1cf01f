-- Why staff member p_staff cannot send a subscription's messages any more (NULL: they can):
-- 'sender_not_allowed' (account not active, or the send right 短信发送 taken away) or 'no_quota'
-- (HQ removed their monthly quota, FAQ 2.3 "原信息管理员的每月发送条数被取消"). Internal; inlined.
CREATE OR REPLACE FUNCTION crm.sms_sender_problem(p_staff integer) RETURNS text
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT CASE
        WHEN NOT EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = p_staff AND s.status = 'active')
          OR NOT EXISTS (SELECT 1 FROM crm.staff_role sr JOIN crm.role_permission rp ON rp.role_code = sr.role_code
                          WHERE sr.staff_id = p_staff AND rp.permission_code = 'sms_send')
            THEN 'sender_not_allowed'
        WHEN NOT EXISTS (SELECT 1 FROM crm.sms_quota q WHERE q.staff_id = p_staff) THEN 'no_quota'
    END;
END;
REVOKE EXECUTE ON FUNCTION crm.sms_sender_problem(integer) FROM PUBLIC;
