-- Privileges. Staff read through RLS; they write directly only where no workflow applies
-- (extended data, visits); everything else goes through the definer functions.

-- No function in crm is executable by PUBLIC, now or later.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA crm FROM PUBLIC;
-- Not "IN SCHEMA crm": a per-schema entry cannot revoke the global default (EXECUTE to PUBLIC).
ALTER DEFAULT PRIVILEGES FOR ROLE crm_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT SELECT ON crm.branch, crm.staff_type, crm.role, crm.permission, crm.role_permission,
                crm.approval_post, crm.vip_level, crm.t1_load, crm.policy,
                crm.staff, crm.staff_role, crm.staff_post, crm.staff_branch_scope, crm.staff_mac,
                crm.app_session, crm.login_event, crm.audit_log,
                crm.customer, crm.customer_ext, crm.customer_daily, crm.relationship, crm.visit,
                crm.staff_overview, crm.session_overview
   TO crm_staff;

GRANT UPDATE (mobile, phone, address, email, preferred_contact, notes) ON crm.customer_ext TO crm_staff;
GRANT INSERT (customer_id, visited_at, channel, content, next_follow_up),
      UPDATE (visited_at, channel, content, next_follow_up),
      DELETE ON crm.visit TO crm_staff;

-- Functions a signed-in staff member may call (each checks the caller itself).
GRANT EXECUTE ON FUNCTION
    crm.open_session(text[], text, text),
    crm.close_session(),
    crm.touch_session(),
    crm.change_password(text),
    crm.login_notice(text),
    crm.normalize_mac(text),
    crm.current_staff_id(),
    crm.my_permissions(),
    crm.has_permission(text),
    crm.create_staff(text, text, text, text, text, text[], text[], text, boolean, text[], boolean),
    crm.reset_password(text),
    crm.freeze_staff(text, text),
    crm.unfreeze_staff(text),
    crm.close_staff(text),
    crm.bind_mac(text, text, text),
    crm.unbind_mac(text, text),
    crm.set_superior(text, text),
    crm.grant_role(text, text),
    crm.revoke_role(text, text),
    crm.grant_post(text, text),
    crm.revoke_post(text, text),
    crm.set_scope(text, text, boolean, text[]),
    crm.set_mac_binding_required(text, boolean),
    crm.end_session(bigint, text),
    crm.set_maintenance(boolean, text),
    crm.update_policy(jsonb)
  TO crm_staff;

-- Helpers referenced by RLS policies are evaluated with the caller's privileges.
GRANT EXECUTE ON FUNCTION
    crm.my_scope(), crm.my_branch_ids(), crm.my_staff_ids(), crm.my_related_customer_ids(),
    crm.my_public_pool(), crm.my_admin_branch_ids(),
    crm.my_visible_branch_ids(), crm.my_scope_branch_ids(), crm.my_pool_branch_ids()
  TO crm_staff;

-- The gate: one read-only function, nothing else.
GRANT EXECUTE ON FUNCTION crm.login_notice(text) TO crm_gate;

-- The HQ agent.
GRANT EXECUTE ON FUNCTION
    crm.agent_ingest_auth_log(text, bigint, bigint, jsonb),
    crm.agent_enforce_sessions(),
    crm.agent_sweep_sessions(),
    crm.agent_log_cursor(),
    crm.agent_skip_auth_log(text, bigint)
  TO crm_agent;
