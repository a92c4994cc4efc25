"""ticket kind: why a lobby ticket has priority (elderly, disabled, pregnant) or none

Until now only a priority flag was kept, so the counter could not tell an elderly citizen
from a pregnant woman. Old rows get 'normal', or 'elderly' when they were priority (the only
priority kind the lobby offered before).

Revision ID: 0009_ticket_kind
Revises: 0007_security
Create Date: 2026-11-30 14:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_ticket_kind'
down_revision = '0007_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assistance_ticket') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='normal'))
    op.execute("UPDATE assistance_ticket SET kind = 'elderly' WHERE priority")


def downgrade() -> None:
    with op.batch_alter_table('assistance_ticket') as batch:
        batch.drop_column('kind')
