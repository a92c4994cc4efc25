"""SIPAS survey: one row per response, one row per criterion answered

sipas_response holds no personal data: the questionnaire id, times, the procedure's
field and the dossier code (only when the citizen came from a service) and an optional
free-text comment. sipas_answer holds the level 1..5 or NULL ("Không có ý kiến").

Revision ID: 0008_survey
Revises: 0003_papers
Create Date: 2026-11-30 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_survey'
down_revision = '0003_papers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sipas_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('questionnaire', sa.String(length=40), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('procedure_field', sa.String(length=100), nullable=True),
        sa.Column('dossier_code', sa.String(length=40), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_sipas_response_started_at', 'sipas_response', ['started_at'])
    op.create_table(
        'sipas_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('criterion', sa.String(length=20), nullable=False),
        sa.Column('level', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['sipas_response.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('response_id', 'criterion'),
    )
    op.create_index('ix_sipas_answer_response_id', 'sipas_answer', ['response_id'])


def downgrade() -> None:
    op.drop_index('ix_sipas_answer_response_id', table_name='sipas_answer')
    op.drop_table('sipas_answer')
    op.drop_index('ix_sipas_response_started_at', table_name='sipas_response')
    op.drop_table('sipas_response')
