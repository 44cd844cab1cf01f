-- (Re)computes the latest row of the given customers, or of everyone (NULL). Returns the number
-- of rows written or removed.
CREATE OR REPLACE FUNCTION crm.refresh_customer_latest(p_customer_ids bigint[] DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_removed bigint;
    v_written bigint;
BEGIN
    IF p_customer_ids IS NULL THEN
        DELETE FROM crm.customer_latest l
         WHERE NOT EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = l.customer_id);
        GET DIAGNOSTICS v_removed = ROW_COUNT;
        INSERT INTO crm.customer_latest AS l (customer_id, branch_id, developer_id, service_staff_id,
                                              trade_date, total_assets_cents, vip_level)
        SELECT DISTINCT ON (d.customer_id) d.customer_id, c.branch_id, c.developer_id, c.service_staff_id,
               d.trade_date, d.total_assets_cents, d.vip_level
          FROM crm.customer_daily d
          JOIN crm.customer c ON c.id = d.customer_id
         ORDER BY d.customer_id, d.trade_date DESC
        ON CONFLICT (customer_id) DO UPDATE
           SET branch_id = EXCLUDED.branch_id, developer_id = EXCLUDED.developer_id,
               service_staff_id = EXCLUDED.service_staff_id, trade_date = EXCLUDED.trade_date,
               total_assets_cents = EXCLUDED.total_assets_cents, vip_level = EXCLUDED.vip_level
         WHERE (l.branch_id, l.developer_id, l.service_staff_id, l.trade_date, l.total_assets_cents, l.vip_level)
               IS DISTINCT FROM (EXCLUDED.branch_id, EXCLUDED.developer_id, EXCLUDED.service_staff_id,
                                 EXCLUDED.trade_date, EXCLUDED.total_assets_cents, EXCLUDED.vip_level);
        GET DIAGNOSTICS v_written = ROW_COUNT;
    ELSE
        DELETE FROM crm.customer_latest l
         WHERE l.customer_id = ANY (p_customer_ids)
           AND NOT EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = l.customer_id);
        GET DIAGNOSTICS v_removed = ROW_COUNT;
        INSERT INTO crm.customer_latest AS l (customer_id, branch_id, developer_id, service_staff_id,
                                              trade_date, total_assets_cents, vip_level)
        SELECT DISTINCT ON (d.customer_id) d.customer_id, c.branch_id, c.developer_id, c.service_staff_id,
               d.trade_date, d.total_assets_cents, d.vip_level
          FROM crm.customer_daily d
          JOIN crm.customer c ON c.id = d.customer_id
         WHERE d.customer_id = ANY (p_customer_ids)
         ORDER BY d.customer_id, d.trade_date DESC
        ON CONFLICT (customer_id) DO UPDATE
           SET branch_id = EXCLUDED.branch_id, developer_id = EXCLUDED.developer_id,
               service_staff_id = EXCLUDED.service_staff_id, trade_date = EXCLUDED.trade_date,
               total_assets_cents = EXCLUDED.total_assets_cents, vip_level = EXCLUDED.vip_level
         WHERE (l.branch_id, l.developer_id, l.service_staff_id, l.trade_date, l.total_assets_cents, l.vip_level)
               IS DISTINCT FROM (EXCLUDED.branch_id, EXCLUDED.developer_id, EXCLUDED.service_staff_id,
                                 EXCLUDED.trade_date, EXCLUDED.total_assets_cents, EXCLUDED.vip_level);
        GET DIAGNOSTICS v_written = ROW_COUNT;
    END IF;
    RETURN v_removed + v_written;
END
$$;

REVOKE ALL ON FUNCTION crm.refresh_customer_latest(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.refresh_customer_latest(bigint[]) TO crm_agent;
