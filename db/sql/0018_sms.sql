-- 短信 SMS (issue #14; FAQ 2, 3, 7, 23, 40): carriers and their prices, HQ quotas per sender and
-- volumes per branch, the blacklist, templates and the outbox. Staff write none of these tables:
-- every change goes through a definer function of db/sql/objects/crm.sms_*.sql. Quotas and
-- volumes count billed message parts (计费条数: a long message is billed per 67-character part).

-- Settings (single row) --------------------------------------------------------------------------
CREATE TABLE crm.sms_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    default_branch_volume  integer NOT NULL DEFAULT 20000 CHECK (default_branch_volume >= 0),
    -- Attempts before a message that never reached the gateway ends as failed (quota given back).
    max_attempts           integer NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
    max_template_chars     integer NOT NULL DEFAULT 500 CHECK (max_template_chars BETWEEN 10 AND 2000),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    updated_by             text NOT NULL DEFAULT session_user
);
INSERT INTO crm.sms_settings DEFAULT VALUES;

-- Carriers, prices per message part (CNY), mobile prefixes (HQ maintains) -------------------------
CREATE TABLE crm.sms_carrier (
    code            text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,20}$'),
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    price_per_part  numeric(8, 4) NOT NULL CHECK (price_per_part >= 0 AND price_per_part <= 10),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT session_user
);
INSERT INTO crm.sms_carrier (code, name_zh, name_en, price_per_part) VALUES
    ('mobile',   '中国移动', 'China Mobile',  0.05),
    ('unicom',   '中国联通', 'China Unicom',  0.035),
    ('telecom',  '中国电信', 'China Telecom', 0.035),
    -- 中国广电 (192) runs on China Mobile's network and is billed through it.
    ('broadnet', '中国广电', 'China Broadnet', 0.05);

-- The longest matching prefix decides (1349 is Telecom's satellite block inside Mobile's 134).
CREATE TABLE crm.sms_carrier_prefix (
    prefix      text PRIMARY KEY CHECK (prefix ~ '^1[3-9][0-9]{1,2}$'),
    carrier     text NOT NULL REFERENCES crm.sms_carrier,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL DEFAULT session_user
);
INSERT INTO crm.sms_carrier_prefix (prefix, carrier)
SELECT p, 'mobile' FROM unnest(ARRAY['134', '135', '136', '137', '138', '139', '147', '148', '150', '151',
    '152', '157', '158', '159', '165', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198',
    '1440', '1703', '1705', '1706']) p
UNION ALL
SELECT p, 'unicom' FROM unnest(ARRAY['130', '131', '132', '145', '146', '155', '156', '166', '167', '171',
    '175', '176', '185', '186', '196', '1704', '1707', '1708', '1709']) p
UNION ALL
SELECT p, 'telecom' FROM unnest(ARRAY['133', '149', '153', '162', '173', '174', '177', '180', '181', '189',
    '190', '191', '193', '199', '1349', '1410', '1700', '1701', '1702']) p
UNION ALL
SELECT '192', 'broadnet';

-- Quotas (每月发送条数, set by HQ per sender) and branch volumes ------------------------------------
-- No row = HQ set no quota: the sender cannot send (FAQ 2.1).
CREATE TABLE crm.sms_quota (
    staff_id       integer PRIMARY KEY REFERENCES crm.staff,
    monthly_quota  integer NOT NULL CHECK (monthly_quota BETWEEN 0 AND 10000000),
    set_at         timestamptz NOT NULL DEFAULT now(),
    set_by         text NOT NULL DEFAULT session_user
);

CREATE TABLE crm.sms_branch_volume (
    branch_id       smallint PRIMARY KEY REFERENCES crm.branch,
    monthly_volume  integer NOT NULL CHECK (monthly_volume BETWEEN 0 AND 100000000),
    set_at          timestamptz NOT NULL DEFAULT now(),
    set_by          text NOT NULL DEFAULT session_user
);

-- Parts charged per month; the row is the lock two concurrent senders queue behind.
CREATE TABLE crm.sms_staff_usage (
    staff_id  integer NOT NULL REFERENCES crm.staff,
    month     date NOT NULL CHECK (date_trunc('month', month) = month),
    used      integer NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (staff_id, month)
);
CREATE TABLE crm.sms_branch_usage (
    branch_id  smallint NOT NULL REFERENCES crm.branch,
    month      date NOT NULL CHECK (date_trunc('month', month) = month),
    used       integer NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (branch_id, month)
);

-- Blacklist and opt-outs (by normalised number: raw mobiles, so staff never read it) ---------------
CREATE TABLE crm.sms_blacklist (
    mobile      text PRIMARY KEY CHECK (mobile ~ '^[0-9]{6,20}$'),
    kind        text NOT NULL CHECK (kind IN ('blacklisted', 'opted_out')),
    note        text CHECK (length(note) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL DEFAULT session_user
);

-- Templates (HQ keeps them; everybody with the send right reads them) -----------------------------
CREATE TABLE crm.sms_template (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,30}$'),
    name_zh  text NOT NULL,
    name_en  text NOT NULL,
    body     text NOT NULL CHECK (length(body) <= 2000),
    sort     smallint NOT NULL DEFAULT 0
);
INSERT INTO crm.sms_template (code, name_zh, name_en, body, sort) VALUES
    ('birthday', '生日祝福', 'Birthday greeting',
     '尊敬的{姓名}{称呼}：{营业部}祝您生日快乐，身体健康，投资顺利！客户经理{员工}敬上', 1),
    ('new_account', '新开户回访', 'New-account visit-back',
     '尊敬的{姓名}{称呼}：感谢您在{营业部}开户。我是您的客户经理{员工}，如有任何问题欢迎随时与我联系。', 2),
    ('free', '自由编辑', 'Free text', '', 3);

-- The outbox ---------------------------------------------------------------------------------
CREATE TABLE crm.sms_batch (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sender_id      integer NOT NULL REFERENCES crm.staff,
    branch_id      smallint NOT NULL REFERENCES crm.branch,     -- the sender's branch (volume)
    template       text NOT NULL,
    source         jsonb NOT NULL DEFAULT '{}',
    recipients     integer NOT NULL,
    queued         integer NOT NULL,
    parts          integer NOT NULL,
    cost           numeric(12, 4) NOT NULL,
    skipped        jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL DEFAULT session_user
);
CREATE INDEX sms_batch_sender_idx ON crm.sms_batch (sender_id, created_at DESC);

CREATE TABLE crm.sms_message (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id         bigint NOT NULL REFERENCES crm.sms_batch,
    -- Sent with every attempt: the gateway accepts a key once, so a retry never sends twice.
    idempotency_key  uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    -- Written only by crm.sms_queue, which takes branch, sender and carrier from their tables:
    -- no foreign keys on them (each costs a lookup per queued row; queueing 10 000 must stay < 2 s).
    customer_id      bigint NOT NULL REFERENCES crm.customer,
    branch_id        smallint NOT NULL,                         -- the customer's branch: charged
    sender_id        integer NOT NULL,
    sender_branch_id smallint NOT NULL,                         -- whose monthly volume it used
    month            date NOT NULL,                             -- the month whose quota it used
    mobile           text NOT NULL,
    mobile_masked    text GENERATED ALWAYS AS (crm.mask_personal('phone', mobile)) STORED,
    carrier          text NOT NULL,
    body             text NOT NULL,
    chars            integer NOT NULL CHECK (chars > 0),
    parts            integer NOT NULL CHECK (parts > 0),
    cost             numeric(10, 4) NOT NULL CHECK (cost >= 0),
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed')),
    provider_id      text,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    failed_reason    text,
    quota_returned   boolean NOT NULL DEFAULT false,
    queued_at        timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    reported_at      timestamptz,        -- the provider's delivery report
    CHECK ((status = 'failed') = (failed_reason IS NOT NULL))
);
CREATE INDEX sms_message_due_idx ON crm.sms_message (next_attempt_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX sms_message_report_idx ON crm.sms_message (provider_id) WHERE status = 'sent';
CREATE INDEX sms_message_sender_idx ON crm.sms_message (sender_id, queued_at DESC);
CREATE INDEX sms_message_branch_idx ON crm.sms_message (branch_id, queued_at DESC);
CREATE INDEX sms_message_customer_idx ON crm.sms_message (customer_id, queued_at DESC);
CREATE INDEX sms_message_month_idx ON crm.sms_message (month, branch_id);

-- Security ---------------------------------------------------------------------------------
ALTER TABLE crm.sms_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_settings FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_carrier ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_carrier FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_carrier_prefix ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_carrier_prefix FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_template ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_template FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_quota ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_quota FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_branch_volume ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_branch_volume FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_staff_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_staff_usage FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_branch_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_branch_usage FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_blacklist ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_blacklist FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_batch ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_batch FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.sms_message FORCE ROW LEVEL SECURITY;

CREATE POLICY reference_read ON crm.sms_settings FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.sms_carrier FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.sms_carrier_prefix FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.sms_template FOR SELECT TO crm_staff USING (true);
-- A sender reads their own quota; administrators read those of the branches they administer.
CREATE POLICY own_or_admin_read ON crm.sms_quota FOR SELECT TO crm_staff USING (
    staff_id = (SELECT crm.current_staff_id())
    OR EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = sms_quota.staff_id
                  AND s.branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])));
CREATE POLICY own_or_admin_read ON crm.sms_staff_usage FOR SELECT TO crm_staff USING (
    staff_id = (SELECT crm.current_staff_id())
    OR EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = sms_staff_usage.staff_id
                  AND s.branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])));
CREATE POLICY branch_read ON crm.sms_branch_volume FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[]));
CREATE POLICY branch_read ON crm.sms_branch_usage FOR SELECT TO crm_staff
    USING (branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[]));
-- The log: one's own and one's subtree's messages, those of the branches in one's branch scope,
-- and those of the branches one administers.
CREATE POLICY sender_or_scope_read ON crm.sms_batch FOR SELECT TO crm_staff USING (
    sender_id = ANY ((SELECT crm.my_staff_ids())::integer[])
    OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
    OR branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[]));
CREATE POLICY sender_or_scope_read ON crm.sms_message FOR SELECT TO crm_staff USING (
    sender_id = ANY ((SELECT crm.my_staff_ids())::integer[])
    OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
    OR branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[]));

GRANT SELECT ON crm.sms_settings, crm.sms_carrier, crm.sms_carrier_prefix, crm.sms_template, crm.sms_quota,
    crm.sms_branch_volume, crm.sms_staff_usage, crm.sms_branch_usage, crm.sms_batch TO crm_staff;
-- Every column but the raw mobile.
GRANT SELECT (id, batch_id, idempotency_key, customer_id, branch_id, sender_id, sender_branch_id, month,
              mobile_masked, carrier, body, chars, parts, cost, status, provider_id, attempts,
              next_attempt_at, last_error, failed_reason, quota_returned, queued_at, sent_at, reported_at)
    ON crm.sms_message TO crm_staff;
-- crm.sms_blacklist: no grant at all (raw numbers).

-- 扩展资料 mobiles may hold a Hong Kong / Macau / foreign number (+852..., 00853...) so that the
-- send dialog can say why it is skipped (FAQ 40: those go through the other platform).
ALTER TABLE crm.customer_ext DROP CONSTRAINT customer_ext_mobile_check;
ALTER TABLE crm.customer_ext ADD CONSTRAINT customer_ext_mobile_check
    CHECK (mobile IS NULL OR mobile ~ '^(1[3-9][0-9]{9}|(\+|00)[1-9][0-9]{6,14})$');

-- The quota raise as an approval (FAQ 2.2): HQ's marketing post decides (crm.request_sms_quota).
INSERT INTO crm.approval_flow (code, name_zh, name_en) VALUES ('sms_quota', '短信条数申请', 'SMS quota raise');
INSERT INTO crm.approval_flow_step (flow_code, step_no, post_code) VALUES ('sms_quota', 1, 'hq_marketing');
