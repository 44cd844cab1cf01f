"""短信 SMS to reservations (预约) expiring within 3 working days (issue #14): the outbox names a
customer or a reservation (crm.sms_message.reservation_id), crm.sms_preview / crm.sms_queue take
reservation ids when their source says {"kind": "reservations"} (the prospect's own mobile, the
same blacklist / mainland / Hong Kong-Macau checks and carrier cost, charged to the reservation's
branch), and a 预约到期提醒 template with a neutral 称呼.

Revision ID: 0029
Revises: 0028
"""

from crm_desktop.db.server_objects import apply_objects, run_revision_sql

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0029_reservation_sms.sql")
    apply_objects("crm.sms_render", "crm.visible_reservation_ids", "crm.sms_reservation_recipients",
                  "crm.sms_source_recipients", "crm.sms_preview", "crm.sms_queue")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
