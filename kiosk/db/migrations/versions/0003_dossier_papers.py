"""papers handed in, planned return channel, procedure snapshot, register number

Adds to dossier: documents_json (papers recorded at the counter), planned_return_via /
planned_return_village (chosen at receipt), procedure_snapshot_json (the procedure as it
was at receipt), register_year / register_no (Sổ theo dõi hồ sơ, Mẫu 07 of TT 03/2025) and
receipt_snapshot_json (what the receipt printed, for identical reprints).

Revision ID: 0003_papers
Revises: 0002_dossiers
Create Date: 2026-11-30 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_papers'
down_revision = '0002_dossiers'
branch_labels = None
depends_on = None

_COLUMNS = (
    ('documents_json', sa.Text()),
    ('planned_return_via', sa.String(length=20)),
    ('planned_return_village', sa.String(length=100)),
    ('procedure_snapshot_json', sa.Text()),
    ('register_year', sa.Integer()),
    ('register_no', sa.Integer()),
    ('receipt_snapshot_json', sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table('dossier') as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossier') as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
