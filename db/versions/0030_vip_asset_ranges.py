"""HQ edits the VIP thresholds and the default asset ranges (issue #15, FAQ 35).

crm.set_vip_thresholds(cents[]) moves the thresholds of the existing levels (from the next T+1
load on); crm.set_default_asset_edges(cents[]) keeps the default 资产区间 edges of 多维分析 in
crm.asset_range_setting (the pivot engine reads them; see services/reference_settings.py).

Revision ID: 0030
Revises: 0029
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0030_vip_asset_ranges.sql")
    apply_objects("crm.set_vip_thresholds", "crm.set_default_asset_edges")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
