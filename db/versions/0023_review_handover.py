"""经纪关系 in batches (issue #15): the reservation review queue (confirm a candidate, reject with
a reason, extend), the hand-over of a staff member's customers to a colleague from an effective
date and the batch entry of existing customers' relationships, each one request listing its
customers (crm.approval_request_customer) and one approval.

Revision ID: 0023
Revises: 0022
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0023_review_handover.sql")
    apply_objects(
        "crm.reservation_stamp", "crm.may_review_reservation", "crm.reservation_review_page",
        "crm.reservation_review_candidates", "crm._start_request", "crm._require_active_receiver",
        "crm._apply_request", "crm.decide_request", "crm.resolve_reservation", "crm._batch_relationship_target",
        "crm.request_handover", "crm.request_batch_entry", "crm.request_customer_page", "crm.close_staff", "crm.handover_staff",
    )


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
