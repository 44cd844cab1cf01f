-- The daily facts with the relationships that held on each fact's day (attribution by date,
-- issue #15): a relationship holds from valid_from up to the day before valid_to, so on the day
-- of a hand-over (old valid_to = new valid_from) the day is the new holder's. At most one
-- relationship of a kind holds on a day (crm.relationship_sync_pivot refuses overlaps), so the
-- joins never repeat a fact. NULL developer: the customer was in the public pool that day.
-- Security invoker: the caller's policies on the facts and the relationships apply.
CREATE OR REPLACE VIEW crm.customer_daily_owner WITH (security_invoker = true) AS
SELECT d.branch_id, d.customer_id, d.trade_date, d.total_assets_cents, d.market_value_cents, d.cash_cents,
       d.trade_volume_cents, d.commission_cents, d.net_commission_cents, d.interest_spread_cents, d.pnl_cents,
       d.vip_level, dev.staff_id AS developer_id, svc.staff_id AS service_staff_id
  FROM crm.customer_daily d
  LEFT JOIN crm.relationship dev
    ON dev.customer_id = d.customer_id AND dev.kind = 'development'
   AND dev.valid_from <= d.trade_date AND (dev.valid_to IS NULL OR dev.valid_to > d.trade_date)
  LEFT JOIN crm.relationship svc
    ON svc.customer_id = d.customer_id AND svc.kind = 'service'
   AND svc.valid_from <= d.trade_date AND (svc.valid_to IS NULL OR svc.valid_to > d.trade_date);

REVOKE ALL ON crm.customer_daily_owner FROM PUBLIC;
GRANT SELECT ON crm.customer_daily_owner TO crm_staff;
COMMENT ON VIEW crm.customer_daily_owner IS
    'Daily facts with the development and service staff whose relationship held on the fact''s day';
