"""sign-in factors, recovery codes, traceable e-mail

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:00:00.000000

"""
from email.utils import make_msgid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_recovery_codes_code_hash'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('factor', sa.Enum('password', 'code', name='factor', native_enum=False, create_constraint=True, length=20), nullable=False, server_default='password'))

    # Messages already queued get a Message-ID of their own before the column becomes required.
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('confidential', sa.Boolean(), nullable=False, server_default=sa.false()))
    conn = op.get_bind()
    outbox = sa.table('outbox_messages', sa.column('id', sa.Integer()), sa.column('message_id', sa.String()))
    for (message_id,) in conn.execute(sa.select(outbox.c.id)).all():
        conn.execute(outbox.update().where(outbox.c.id == message_id).values(message_id=make_msgid(domain='localhost')))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('message_id', existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_messages_message_id'), ['message_id'])


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_outbox_messages_message_id'), type_='unique')
        batch_op.drop_column('confidential')
        batch_op.drop_column('message_id')

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        # The enum's CHECK goes first, or SQLite's rebuilt table would still name the column.
        batch_op.drop_constraint(batch_op.f('ck_login_attempts_factor'), type_='check')
        batch_op.drop_column('factor')

    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
