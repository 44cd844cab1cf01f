-- Issue #17: the product as IT deploys it. Runs as crm_owner.
--
-- App releases: HQ records the newest app version, the oldest one still allowed to sign in and
-- where to download (crm-admin release set). One row; staff and the gate read it only through
-- crm.app_release() (db/sql/objects/crm.app_release.sql), HQ sets it through crm.set_app_release().

CREATE TABLE crm.app_release (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    newest        text NOT NULL CHECK (newest ~ '^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$'),
    minimum       text NOT NULL CHECK (minimum ~ '^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$'),
    download_url  text NOT NULL CHECK (length(download_url) <= 2000 AND download_url ~ '^https?://[^[:space:][:cntrl:]]+$'),
    set_by        text NOT NULL,
    set_at        timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON crm.app_release FROM PUBLIC;
-- No policy: nobody but the definer functions (crm_owner, BYPASSRLS) reads or writes it.
ALTER TABLE crm.app_release ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.app_release FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE crm.app_release IS
    'Newest and minimum app version with the download URL (issue #17); read through crm.app_release()';

-- Registered PCs (FAQ 27, 28, 38): a PC refused for its MAC asks to be registered through the
-- gate (crm.request_pc_registration, before anyone has a session); the branch administrator
-- approves with one click (crm.decide_pc_registration), which binds the MACs with crm.bind_mac
-- and its checks. Rows for logins that do not exist are kept like the others (staff_id NULL,
-- seen by nobody) so the gate's answer and its limits never tell whether a login exists.
ALTER TABLE crm.policy
    ADD COLUMN several_pcs_per_login boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN crm.policy.several_pcs_per_login IS
    'false: approving a PC registration moves the login''s binding to the new PC (FAQ 38); true: adds it';

CREATE TABLE crm.pc_registration_request (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL CHECK (length(login) <= 63),
    staff_id      integer REFERENCES crm.staff,
    branch_id     smallint REFERENCES crm.branch,
    macs          text[] NOT NULL CHECK (cardinality(macs) BETWEEN 1 AND 16),
    hostname      text NOT NULL CHECK (length(hostname) <= 255),
    os_user       text NOT NULL CHECK (length(os_user) <= 255),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
    decided_by    text,
    decided_at    timestamptz
);
CREATE INDEX pc_registration_pending_idx ON crm.pc_registration_request (branch_id, requested_at DESC)
    WHERE status = 'pending';
CREATE INDEX pc_registration_login_idx ON crm.pc_registration_request (login, requested_at DESC);
CREATE INDEX pc_registration_macs_idx ON crm.pc_registration_request USING gin (macs);
CREATE INDEX pc_registration_recent_idx ON crm.pc_registration_request (requested_at DESC);
REVOKE ALL ON crm.pc_registration_request FROM PUBLIC;
ALTER TABLE crm.pc_registration_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pc_registration_request FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE crm.pc_registration_request IS
    'PCs asking to be registered for a login (issue #17); written by the gate, decided by branch administrators';
