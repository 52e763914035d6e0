"""search: the index of meetings, approved minutes, actions, plan activities, member
institutions and case codes, with the database's full-text index on it (SQLite FTS5, or a
PostgreSQL GIN index on its tsvector), filled from the records already stored

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('meeting', 'minutes', 'action', 'activity', 'institution', 'case', name='entrykind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('mechanism_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.Enum('mechanism', 'restricted', 'case', name='entryaudience', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('folded_title', sa.Text(), nullable=False),
    sa.Column('folded_body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_search_entries_institution_id_institutions')),
    sa.ForeignKeyConstraint(['mechanism_id'], ['mechanisms.id'], name=op.f('fk_search_entries_mechanism_id_mechanisms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'record_id', name=op.f('uq_search_entries_kind'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_mechanism_id'), ['mechanism_id'], unique=False)

    # The full-text structures are the database's own (no model describes them; env.py leaves
    # them out of the comparison). Then the records already stored are indexed.
    from mcm.search import fts
    from mcm.search.indexing import rebuild

    conn = op.get_bind()
    fts.create(conn)
    rebuild(conn)


def downgrade():
    from mcm.search import fts

    fts.drop(op.get_bind())
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_mechanism_id'))

    op.drop_table('search_entries')
