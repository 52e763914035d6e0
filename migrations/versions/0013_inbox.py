"""the inbox: each outbox message names its recipient user and when she read it; messages held
for a daily digest or not e-mailed at the recipient's choice; users' e-mail preferences

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

OLD_STATUSES = ('pending', 'sent', 'failed')
NEW_STATUSES = ('pending', 'sent', 'failed', 'held', 'inbox_only')


def _status(values):
    return sa.Enum(*values, name='outboxstatus', native_enum=False, create_constraint=True, length=20)


def _check(values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"status IN ({listed})"


def upgrade():
    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.Enum('now', 'digest', 'none', name='delivery', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preferences_user_id'))
    )
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_preferences_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient_user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('read_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_recipient_user_id'), ['recipient_user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_recipient_user_id_users'), 'users', ['recipient_user_id'], ['id'])
    _set_statuses(OLD_STATUSES, NEW_STATUSES)
    # Messages already sent to an address with an account belong to that account's inbox.
    op.execute(
        "UPDATE outbox_messages SET recipient_user_id = (SELECT users.id FROM users "
        "WHERE lower(users.email) = lower(outbox_messages.to_address)), read_at = sent_at"
    )


def _set_statuses(old, new):
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite cannot alter a CHECK: the batch copy rebuilds the table with the new one.
        with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
            batch_op.alter_column('status', existing_type=_status(old), type_=_status(new), existing_nullable=False)
        return
    op.drop_constraint(op.f('ck_outbox_messages_outboxstatus'), 'outbox_messages', type_='check')
    op.create_check_constraint(op.f('ck_outbox_messages_outboxstatus'), 'outbox_messages', _check(new))


def downgrade():
    op.execute("UPDATE outbox_messages SET status = 'sent' WHERE status IN ('held', 'inbox_only')")
    _set_statuses(NEW_STATUSES, OLD_STATUSES)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_recipient_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_recipient_user_id'))
        batch_op.drop_column('read_at')
        batch_op.drop_column('recipient_user_id')
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_preferences_user_id'))
    op.drop_table('notification_preferences')
