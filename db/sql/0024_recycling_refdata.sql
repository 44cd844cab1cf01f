-- Public pool recycling (常见问题 5: 公共池, issue #15).

-- The policy: one row, HQ edits it through crm.set_pool_recycle_policy. Off until HQ switches it
-- on; enabled_since starts the grace (nobody is recycled before warning_days after switching on,
-- so every owner sees the warning first).
CREATE TABLE crm.pool_recycle_policy (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    enabled         boolean NOT NULL DEFAULT false,
    days            integer NOT NULL DEFAULT 180 CHECK (days BETWEEN 7 AND 3650),
    warning_days    integer NOT NULL DEFAULT 14 CHECK (warning_days BETWEEN 0 AND 365),
    enabled_since   date,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT session_user,
    CHECK (warning_days < days),
    CHECK (NOT enabled OR enabled_since IS NOT NULL)
);
INSERT INTO crm.pool_recycle_policy DEFAULT VALUES;

-- Why a relationship ended (NULL: through an approved request, as before).
ALTER TABLE crm.relationship ADD COLUMN release_reason text
    CHECK (release_reason IS NULL OR release_reason IN ('recycled'));

-- One agent run per branch that recycled something: the report HQ and the branch read.
CREATE TABLE crm.pool_recycle_run (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    branch_id     smallint NOT NULL REFERENCES crm.branch,
    run_at        timestamptz NOT NULL DEFAULT now(),
    run_by        text NOT NULL DEFAULT session_user,
    days          integer NOT NULL,
    customers     integer NOT NULL,
    relationships integer NOT NULL
);
CREATE INDEX pool_recycle_run_branch_idx ON crm.pool_recycle_run (branch_id, run_at DESC);
CREATE INDEX pool_recycle_run_at_idx ON crm.pool_recycle_run (run_at DESC);

-- One recycled customer: which relationships ended, with whom, since when nobody contacted them.
CREATE TABLE crm.pool_recycle_item (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id            bigint NOT NULL REFERENCES crm.pool_recycle_run,
    branch_id         smallint NOT NULL,
    customer_id       bigint NOT NULL REFERENCES crm.customer,
    developer_id      integer NOT NULL REFERENCES crm.staff,
    development_id    bigint NOT NULL REFERENCES crm.relationship,
    service_staff_id  integer REFERENCES crm.staff,
    service_id        bigint REFERENCES crm.relationship,
    since             date NOT NULL,          -- relationship start or last contact, whichever is later
    last_contact_at   timestamptz,
    reversed_at       timestamptz,
    reversed_by       text,
    reverse_note      text CHECK (length(reverse_note) <= 500),
    CHECK ((reversed_at IS NULL) = (reversed_by IS NULL))
);
CREATE INDEX pool_recycle_item_run_idx ON crm.pool_recycle_item (run_id, id);
CREATE INDEX pool_recycle_item_customer_idx ON crm.pool_recycle_item (customer_id);
CREATE INDEX pool_recycle_item_developer_idx ON crm.pool_recycle_item (developer_id, run_id DESC);

-- The scan: live development relationships by branch and start date (only the old ones can be due).
CREATE INDEX relationship_live_development_since_idx
    ON crm.relationship (branch_id, valid_from) WHERE kind = 'development' AND status = 'live';
-- The contacts since the cut-off day, read in one pass by the scan's anti-joins (a visit or an
-- SMS that went out keeps a customer).
CREATE INDEX visit_visited_at_idx ON crm.visit (visited_at, customer_id);
CREATE INDEX sms_message_sent_queued_idx
    ON crm.sms_message (queued_at, customer_id) WHERE status IN ('sent', 'delivered');

ALTER TABLE crm.pool_recycle_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pool_recycle_policy FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.pool_recycle_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pool_recycle_run FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.pool_recycle_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.pool_recycle_item FORCE ROW LEVEL SECURITY;

-- Everyone reads the policy (今日提醒 says when a customer is due); only the definer changes it.
CREATE POLICY reference_read ON crm.pool_recycle_policy FOR SELECT TO crm_staff USING (true);
GRANT SELECT ON crm.pool_recycle_policy TO crm_staff;
-- Runs: managers (an approval post) and administrators; HQ sees every branch, a branch its own
-- and its 营业部范围 (the approvers' rule).
CREATE POLICY branch_read ON crm.pool_recycle_run FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_approval_branch_ids())::smallint[])
           AND (SELECT crm.my_posts() <> '{}' OR crm.has_permission('admin_branch')
                       OR crm.has_permission('admin_all')));
GRANT SELECT ON crm.pool_recycle_run TO crm_staff;
-- Items: the same people, plus the owner of a recycled customer sees their own loss.
CREATE POLICY branch_or_owner_read ON crm.pool_recycle_item FOR SELECT TO crm_staff
    USING ((branch_id = ANY ((SELECT crm.my_approval_branch_ids())::smallint[])
            AND (SELECT crm.my_posts() <> '{}' OR crm.has_permission('admin_branch')
                        OR crm.has_permission('admin_all')))
           OR developer_id = (SELECT crm.current_staff_id())
           OR service_staff_id = (SELECT crm.current_staff_id()));
GRANT SELECT ON crm.pool_recycle_item TO crm_staff;

-- Audit like every other change of customer or staff data (who, when, old -> new).
CREATE TRIGGER audit AFTER UPDATE ON crm.pool_recycle_policy
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER UPDATE ON crm.pool_recycle_item
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');

-- Staff basic data (FAQ 22, issue #15) ---------------------------------------------------------
-- Name, phone, title and team as dated rows: the live row has valid_to NULL, every edit closes it
-- and opens the next, so the staff page shows who was who when. crm.staff.name mirrors the live
-- name (everything else reads it there). Written only by crm.update_staff_basic_data.
CREATE TABLE crm.staff_basic_data (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id    integer NOT NULL REFERENCES crm.staff,
    branch_id   smallint NOT NULL REFERENCES crm.branch,
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 60),
    phone       text CHECK (phone ~ '^[0-9+() -]{3,30}$'),
    title       text CHECK (length(title) <= 60),
    team        text CHECK (length(team) <= 60),
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz,
    changed_by  text NOT NULL DEFAULT session_user,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX staff_basic_data_live ON crm.staff_basic_data (staff_id) WHERE valid_to IS NULL;
CREATE INDEX staff_basic_data_staff_idx ON crm.staff_basic_data (staff_id, valid_from DESC);
ALTER TABLE crm.staff_basic_data ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.staff_basic_data FORCE ROW LEVEL SECURITY;
-- Administrators of the staff member's branch (HQ: all), and the staff member their own.
CREATE POLICY admin_or_self_read ON crm.staff_basic_data FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])
           OR staff_id = (SELECT crm.current_staff_id()));
GRANT SELECT ON crm.staff_basic_data TO crm_staff;

-- Reference data (FAQ 35, 001): HQ creates and renames branches (crm.create_branch,
-- crm.rename_branch, which keep names unique: trimmed, NFKC, case-folded; not a unique index,
-- because the test databases and the demo seed give two codes the same name).
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON crm.branch
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('code');
