"""今日提醒 gains the care queue and expiring reservations: indexes that find visit follow-ups due
(next_follow_up today or earlier) and open reservations by the last day of their window, so that
both lists stay index scans under row-level security; the export log takes the SMS log and the
SMS cost report (kinds sms_log, sms_cost).

Revision ID: 0020
Revises: 0019
"""

from crm_desktop.db.server_objects import run_revision_sql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_revision_sql("0020_reminders_due.sql")


def downgrade() -> None:
    raise NotImplementedError("the CRM schema only moves forward; restore a backup to go back")
