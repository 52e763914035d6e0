"""record invariants: the reason for approving minutes early, the actions each approved version
of the minutes recorded, the reason for a consent dated long before its case; meetings whose
attendance was recorded are held

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('early_approval_reason', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actions', sa.JSON(), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_reason', sa.Text(), nullable=False, server_default=''))
    # A meeting's status follows from what happened: attendance with someone present means it
    # took place, even if nobody clicked "Mark as held".
    op.execute(
        "UPDATE meetings SET status = 'held' WHERE status IN ('planned', 'invited') AND id IN "
        "(SELECT meeting_id FROM attendances WHERE presence = 'present')"
    )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('consent_reason')
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.drop_column('actions')
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('early_approval_reason')
