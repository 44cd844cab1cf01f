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
COMMENT ON TABLE crm.app_release IS
    'Newest and minimum app version with the download URL (issue #17); read through crm.app_release()';
