"""kept figures: the case statistics per mechanism and region and year, counted before
suppression, and the national matrix's cells, kept on write; indexes of discussion dates and
of meetings held per mechanism

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=30), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_figures')),
    sa.UniqueConstraint('unit', 'year', 'unit_id', 'dimension', 'code', name=op.f('uq_case_figures_unit'))
    )
    op.create_table('plan_matrix_cells',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('mechanism_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_matrix_cells')),
    sa.UniqueConstraint('strategy_id', 'level', 'mechanism_id', 'objective_id', name=op.f('uq_plan_matrix_cells_strategy_id'))
    )
    with op.batch_alter_table('case_discussions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_discussions_discussed_on'), ['discussed_on'], unique=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_mechanism_id_status_starts_at', ['mechanism_id', 'status', 'starts_at'], unique=False)
    # Count the existing records, with the statistics' own code, in this migration's transaction
    # (`mcm aggregates rebuild` does the same at any later time).
    from mcm.cases.statistics import aggregates
    from mcm.plans.national import kept

    session = Session(bind=op.get_bind())
    aggregates.rebuild(session)
    kept.rebuild(session)
    session.close()  # joined to the migration's transaction: closing it commits nothing


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_mechanism_id_status_starts_at')
    with op.batch_alter_table('case_discussions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_discussions_discussed_on'))
    op.drop_table('plan_matrix_cells')
    op.drop_table('case_figures')
