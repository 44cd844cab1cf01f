CREATE OR REPLACE VIEW crm.staff_overview WITH (security_invoker = true) AS
SELECT s.id, s.login, s.name, b.code AS branch_code, b.name AS branch_name, s.staff_type,
       sup.login AS superior_login, sup.name AS superior_name, s.status, s.freeze_reason,
       s.must_change_password, s.password_expires_at, s.customer_scope, s.public_pool,
       s.mac_binding_required, s.created_at, s.closed_at,
       coalesce((SELECT array_agg(r.role_code ORDER BY r.role_code) FROM crm.staff_role r
                  WHERE r.staff_id = s.id), '{}') AS roles,
       coalesce((SELECT array_agg(p.post_code ORDER BY p.post_code) FROM crm.staff_post p
                  WHERE p.staff_id = s.id), '{}') AS posts,
       coalesce((SELECT array_agg(sb.code ORDER BY sb.code) FROM crm.staff_branch_scope x
                   JOIN crm.branch sb ON sb.id = x.branch_id WHERE x.staff_id = s.id), '{}') AS branch_scope,
       coalesce((SELECT array_agg(m.mac ORDER BY m.mac) FROM crm.staff_mac m
                  WHERE m.staff_id = s.id), '{}') AS macs,
       (SELECT max(e.at) FROM crm.login_event e
         WHERE e.staff_id = s.id AND e.outcome = 'success') AS last_login_at,
       (SELECT e.macs FROM crm.login_event e
         WHERE e.staff_id = s.id AND e.outcome = 'mac_refused' ORDER BY e.at DESC LIMIT 1) AS last_refused_macs
  FROM crm.staff s
  JOIN crm.branch b ON b.id = s.branch_id
  LEFT JOIN crm.staff sup ON sup.id = s.superior_id;

REVOKE ALL ON crm.staff_overview FROM PUBLIC;
GRANT SELECT ON crm.staff_overview TO crm_staff;
