-- 信息栏目 SMS subscriptions (issue #14; FAQ 2.3, 19, 42): HQ defines information columns (早盘提示,
-- 收盘点评, ...) and publishes their issues; a branch's senders subscribe customers to them; the
-- agent queues each published issue once per live subscription into the SMS outbox, charged to
-- the subscription's sender. Staff write none of these tables: every change goes through a
-- definer function of db/sql/objects/crm.sms_*.sql (and crm._apply_request for the move of a
-- sender's subscriptions to another sender, an approval request).

CREATE TABLE crm.sms_column (
    id           smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 40),
    description  text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT session_user,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text NOT NULL DEFAULT session_user
);

-- One published text of a column. The agent sends it once publish_at has come; delivered_at and
-- the summary (queued, skipped per reason) are written when every live subscription was handled.
CREATE TABLE crm.sms_column_issue (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    column_id     smallint NOT NULL REFERENCES crm.sms_column,
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    publish_at    timestamptz NOT NULL DEFAULT now(),
    published_by  text NOT NULL DEFAULT session_user,
    created_at    timestamptz NOT NULL DEFAULT now(),
    delivered_at  timestamptz,
    summary       jsonb
);
CREATE INDEX sms_column_issue_due_idx ON crm.sms_column_issue (publish_at, id) WHERE delivered_at IS NULL;
CREATE INDEX sms_column_issue_column_idx ON crm.sms_column_issue (column_id, publish_at DESC);

-- A customer's subscription to a column, sent (and charged) by `sender_id`, one of the branch's
-- senders. Unsubscribing ends it (history kept); at most one live subscription per column and
-- customer. branch_id is the customer's branch, which is also the sender's.
CREATE TABLE crm.sms_subscription (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    column_id      smallint NOT NULL REFERENCES crm.sms_column,
    customer_id    bigint NOT NULL REFERENCES crm.customer,
    branch_id      smallint NOT NULL REFERENCES crm.branch,
    sender_id      integer NOT NULL REFERENCES crm.staff,
    subscribed_at  timestamptz NOT NULL DEFAULT now(),
    subscribed_by  text NOT NULL DEFAULT session_user,
    ended_at       timestamptz,
    ended_by       text,
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
CREATE UNIQUE INDEX sms_subscription_live_idx ON crm.sms_subscription (column_id, customer_id) WHERE ended_at IS NULL;
-- A column's subscribers page by page, newest first (keyset on id).
CREATE INDEX sms_subscription_column_idx ON crm.sms_subscription (column_id, id) WHERE ended_at IS NULL;
CREATE INDEX sms_subscription_sender_idx ON crm.sms_subscription (sender_id, column_id) WHERE ended_at IS NULL;
CREATE INDEX sms_subscription_branch_idx ON crm.sms_subscription (branch_id, column_id, id) WHERE ended_at IS NULL;
CREATE INDEX sms_subscription_customer_idx ON crm.sms_subscription (customer_id);

-- What became of an issue for each live subscriber: the queued message, or why it was skipped.
-- The primary key is the "never twice" rule: one issue reaches a customer at most once, however
-- often the agent runs or restarts.
CREATE TABLE crm.sms_issue_delivery (
    issue_id         bigint NOT NULL REFERENCES crm.sms_column_issue,
    customer_id      bigint NOT NULL,
    subscription_id  bigint NOT NULL REFERENCES crm.sms_subscription,
    branch_id        smallint NOT NULL,
    sender_id        integer NOT NULL,
    message_id       bigint REFERENCES crm.sms_message,
    skip_reason      text CHECK (skip_reason IN ('no_mobile', 'not_mainland_mobile', 'hk_macau', 'blacklisted',
                                                 'opted_out', 'no_quota', 'over_quota', 'sender_not_allowed')),
    handled_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issue_id, customer_id),
    CHECK ((message_id IS NULL) <> (skip_reason IS NULL))
);
CREATE INDEX sms_issue_delivery_branch_idx ON crm.sms_issue_delivery (branch_id, issue_id);

ALTER TABLE crm.sms_column ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_column FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_column_issue ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_column_issue FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_subscription FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_issue_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_issue_delivery FORCE ROW LEVEL SECURITY;

-- Columns and their issues are HQ's announcements: every signed-in staff member reads them.
CREATE POLICY reference_read ON crm.sms_column FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.sms_column_issue FOR SELECT TO crm_staff USING (true);
-- A branch sees its own subscriptions and deliveries; HQ (branch scope "all") sees every branch.
CREATE POLICY branch_read ON crm.sms_subscription FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[]));
CREATE POLICY branch_read ON crm.sms_issue_delivery FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[]));

GRANT SELECT ON crm.sms_column, crm.sms_column_issue, crm.sms_subscription, crm.sms_issue_delivery TO crm_staff;

-- FAQ 2.3: when a branch changes its 信息管理员, the old sender's subscriptions move to the new one
-- in one approved action (crm.request_sms_subscription_move, applied by crm._apply_request).
INSERT INTO crm.approval_flow (code, name_zh, name_en)
VALUES ('sms_subscription_move', '短信订阅转移', 'SMS subscriptions move');
INSERT INTO crm.approval_flow_step (flow_code, step_no, post_code)
VALUES ('sms_subscription_move', 1, 'marketing_director'), ('sms_subscription_move', 2, 'hq_marketing');
