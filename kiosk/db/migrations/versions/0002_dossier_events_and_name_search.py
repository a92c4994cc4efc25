"""dossier events and accent-free applicant name search

Adds dossier_event (status history with the details the one-stop slips print) and
applicant.name_folded (filled here for existing rows).

Revision ID: 0002_dossiers
Revises: 0001
Create Date: 2026-11-27 09:00:00
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0002_dossiers'
down_revision = '0001'
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # frozen copy of kiosk.text.fold as of this revision, so the migration never changes
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())


def upgrade() -> None:
    op.create_table('dossier_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('detail_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['clerk.id'], ),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_event_dossier_id'), ['dossier_id'], unique=False)

    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_folded', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_applicant_name_folded'), ['name_folded'], unique=False)

    _create_purge_trigger()
    conn = op.get_bind()
    applicant = sa.table('applicant', sa.column('id', sa.Integer), sa.column('full_name', sa.String),
                         sa.column('name_folded', sa.String))
    rows = conn.execute(sa.select(applicant.c.id, applicant.c.full_name)
                        .where(applicant.c.full_name.is_not(None))).all()
    for row_id, name in rows:
        conn.execute(applicant.update().where(applicant.c.id == row_id).values(name_folded=_fold(name)[:100]))


def _create_purge_trigger() -> None:
    # name_folded is personal data: whenever a purge blanks full_name, blank it too,
    # whoever runs the purge (a bulk UPDATE bypasses ORM events)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE TRIGGER applicant_purge_name_folded AFTER UPDATE OF full_name ON applicant "
                   "WHEN NEW.full_name IS NULL AND NEW.name_folded IS NOT NULL "
                   "BEGIN UPDATE applicant SET name_folded = NULL WHERE id = NEW.id; END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION applicant_purge_name_folded() RETURNS trigger AS $$ "
                   "BEGIN IF NEW.full_name IS NULL THEN NEW.name_folded := NULL; END IF; RETURN NEW; END "
                   "$$ LANGUAGE plpgsql")
        op.execute("CREATE TRIGGER applicant_purge_name_folded BEFORE UPDATE ON applicant "
                   "FOR EACH ROW EXECUTE FUNCTION applicant_purge_name_folded()")


def _drop_purge_trigger() -> None:
    dialect = op.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        op.execute("DROP TRIGGER IF EXISTS applicant_purge_name_folded" +
                   (" ON applicant" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS applicant_purge_name_folded()")


def downgrade() -> None:
    _drop_purge_trigger()
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applicant_name_folded'))
        batch_op.drop_column('name_folded')

    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_event_dossier_id'))

    op.drop_table('dossier_event')
