"""Rollup maintenance (issue #15): incremental rollups after relationship changes, HQ's
recomputation of the latest day's VIP levels, and the branch rollup rebuilt at new asset edges.

A hand-over (or any relationship change, dated in the past or not) refreshes only the changed
customers' customer-month rows (crm.refresh_pivot_rollups leaves the branch rollup alone when
their merged months are unchanged) and moves their daily sales results between the old and new
holders (crm.sales_result_reattribute) instead of marking whole days stale.

HQ actions run from 系统管理 › 贵宾等级与资产区间 in the background, in short chunks with progress
and cancel (services/reference_settings.py): crm.vip_recompute_begin / _step recompute the latest
loaded day's VIP levels under new thresholds; crm.asset_band_rebuild_begin / _step rebuild the
branch rollup's asset bands month by month at HQ's new default edges (crm.pivot_band_edges, read
by crm.pivot_default_asset_edges), after which the pivot engine answers asset-range layouts from
the branch rollup again.

Revision ID: 0035
Revises: 0034
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0035_rollup_maintenance.sql")
    apply_objects("crm.pivot_customer_month_merged", "crm.pivot_default_asset_edges",
                  "crm.refresh_pivot_branch_month", "crm.refresh_pivot_rollups", "crm.sales_result_reattribute",
                  "crm.relationship_sync_pivot", "crm.asset_band_rebuild_begin", "crm.asset_band_rebuild_step",
                  "crm.vip_recompute_begin", "crm.vip_recompute_step")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
