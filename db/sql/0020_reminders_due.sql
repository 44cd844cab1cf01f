-- 今日提醒 (issue #14): visit follow-ups due and reservations about to expire.

-- The care queue starts from the visits whose follow-up date has come; most visits have none.
CREATE INDEX visit_follow_up_idx ON crm.visit (next_follow_up, customer_id)
    WHERE next_follow_up IS NOT NULL;

-- Open reservations by the last day a new account still matches them.
CREATE INDEX reservation_open_window_idx ON crm.reservation (window_end) WHERE status = 'open';

-- 短信记录 and the monthly SMS cost report are exported through crm.begin_export like every other
-- export (the export right, the export log): two more kinds.
ALTER TABLE crm.export_log DROP CONSTRAINT export_log_kind_check;
ALTER TABLE crm.export_log ADD CONSTRAINT export_log_kind_check
    CHECK (kind IN ('customers', 'summary', 'group_statistics', 'analysis', 'sms_log', 'sms_cost'));
