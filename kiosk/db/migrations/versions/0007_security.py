"""security: print jobs carry their PDF and who is sending them; escalating PIN locks

print_job.payload: the job's PDF, so "In lại" on any PC prints exactly that job's paper
(spool files are per PC); print_job.claimed_by: "host:pid:boot" of the process sending it,
so a job left in `sending` by a killed process is recovered at the next start or retry.
clerk.lock_level: how many locks in a row (5 min, 15 min, 1 h, then until a head unlocks);
clerk.failures_since_login: wrong PINs since the last good one (the office's alert).

Revision ID: 0007_security
Revises: 0006_report_notes
Create Date: 2026-11-30 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_security'
down_revision = '0006_report_notes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('print_job') as batch:
        batch.add_column(sa.Column('payload', sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column('claimed_by', sa.String(length=120), nullable=True))
    with op.batch_alter_table('clerk') as batch:
        batch.add_column(sa.Column('lock_level', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('failures_since_login', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('clerk') as batch:
        batch.drop_column('failures_since_login')
        batch.drop_column('lock_level')
    with op.batch_alter_table('print_job') as batch:
        batch.drop_column('claimed_by')
        batch.drop_column('payload')
