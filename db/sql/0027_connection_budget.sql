-- A worker connection that continues a sign-in (crm.resume_session) names the sign-in's session
-- row, so the audit tells sign-ins from a client's extra or reopened connections.
ALTER TABLE crm.app_session ADD COLUMN resumed_from bigint REFERENCES crm.app_session;
COMMENT ON COLUMN crm.app_session.resumed_from IS
    'NULL for a sign-in (crm.open_session); else the sign-in this worker connection continues (crm.resume_session)';
