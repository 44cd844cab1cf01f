-- 今日提醒 (issue #14): visit follow-ups due and reservations about to expire.

-- The care queue starts from the visits whose follow-up date has come; most visits have none.
CREATE INDEX visit_follow_up_idx ON crm.visit (next_follow_up, customer_id)
    WHERE next_follow_up IS NOT NULL;

-- Open reservations by the last day a new account still matches them.
CREATE INDEX reservation_open_window_idx ON crm.reservation (window_end) WHERE status = 'open';
