-- HQ edits the VIP thresholds and the default asset ranges (资产区间) (issue #15, FAQ 35).

-- The thresholds move through crm.set_vip_thresholds in one UPDATE: with the levels kept in
-- order, a new threshold may equal another level's old one until the statement ends.
ALTER TABLE crm.vip_level DROP CONSTRAINT vip_level_min_assets_cents_key;
ALTER TABLE crm.vip_level ADD CONSTRAINT vip_level_min_assets_cents_key UNIQUE (min_assets_cents) DEFERRABLE;
CREATE TRIGGER audit AFTER UPDATE ON crm.vip_level
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('level');

-- The default asset-range edges of 多维分析 (cents, strictly increasing): one row, HQ edits it
-- through crm.set_default_asset_edges. It starts as the edges baked into crm.pivot_branch_month
-- (crm.pivot_default_asset_edges()); when HQ's differ, the pivot engine answers asset ranges from
-- the customer rollup instead (services/pivot.plan), so the branch rollup is never rebuilt here.
CREATE TABLE crm.asset_range_setting (
    id              boolean PRIMARY KEY DEFAULT true CHECK (id),
    edges_cents     bigint[] NOT NULL CHECK (cardinality(edges_cents) BETWEEN 1 AND 12),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT session_user
);
INSERT INTO crm.asset_range_setting (edges_cents) VALUES (crm.pivot_default_asset_edges());

ALTER TABLE crm.asset_range_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.asset_range_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY reference_read ON crm.asset_range_setting FOR SELECT TO crm_staff USING (true);
GRANT SELECT ON crm.asset_range_setting TO crm_staff;
CREATE TRIGGER audit AFTER UPDATE ON crm.asset_range_setting
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
