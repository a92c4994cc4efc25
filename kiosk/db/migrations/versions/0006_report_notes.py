"""report notes: the head's assessment and recommendations, kept with the report of a period

Sections II (Đánh giá) and III (Kiến nghị) of the model's report (NĐ 30/2020 Phụ lục I) are
typed by the office head on the office screen; one row per period key (2026-W47, 2026-11, ...).

Revision ID: 0006_report_notes
Revises: 0008_survey
Create Date: 2026-11-30 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_report_notes'
down_revision = '0008_survey'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_note',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('period_key', sa.String(length=20), nullable=False),
        sa.Column('assessment', sa.Text(), nullable=False, server_default=''),
        sa.Column('recommendations', sa.Text(), nullable=False, server_default=''),
        sa.Column('clerk_id', sa.Integer(), sa.ForeignKey('clerk.id'), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('period_key', name='uq_report_note_period'),
    )


def downgrade() -> None:
    op.drop_table('report_note')
