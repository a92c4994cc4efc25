"""applicant card: the issue date of the applicant's CCCD / thẻ căn cước

applicant.cccd_issue_date (dd/mm/yyyy, as the card's QR carries it): a known applicant
picked at the counter fills the "Giấy tờ tùy thân" line as a scan does. The card type and
the issuing authority follow from this date (kiosk.prefill.id_paper_line), so they are not
stored. Personal data: `db purge-personal` blanks it with the rest of the applicant.

Revision ID: 0010_applicant_card
Revises: 0009_ticket_kind
Create Date: 2026-11-30 14:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_applicant_card'
down_revision = '0009_ticket_kind'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('applicant') as batch:
        batch.add_column(sa.Column('cccd_issue_date', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('applicant') as batch:
        batch.drop_column('cccd_issue_date')
