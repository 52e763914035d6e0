"""meeting documents: files uploaded to a meeting or an agenda item, the signed scan of approved
minutes; stored files attached to outbox messages (the meeting pack)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mechanism_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('document', 'signed_minutes', name='meetingdocumentkind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_meeting_documents_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['mechanism_id'], ['mechanisms.id'], name=op.f('fk_meeting_documents_mechanism_id_mechanisms')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_documents_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_meeting_documents_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_documents')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_meeting_documents_stored_name'))
    )
    with op.batch_alter_table('meeting_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_documents_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_documents_mechanism_id'), ['mechanism_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_documents_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachments', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('attachments')

    with op.batch_alter_table('meeting_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_documents_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_documents_mechanism_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_documents_agenda_item_id'))

    op.drop_table('meeting_documents')
