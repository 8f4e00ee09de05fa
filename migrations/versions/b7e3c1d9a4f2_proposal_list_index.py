"""proposal list: an index in the list's default order (process, status, newest)

Revision ID: b7e3c1d9a4f2
Revises: 5e0c4a1b7d21
Create Date: 2026-12-07 03:20:00

"""

from alembic import op

revision = "b7e3c1d9a4f2"
down_revision = "5e0c4a1b7d21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposal_process_status_created",
            ["process_id", "status", "created_at"],
            unique=False,
        )
        batch_op.drop_index("ix_proposal_process_status")


def downgrade():
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index("ix_proposal_process_status", ["process_id", "status"], unique=False)
        batch_op.drop_index("ix_proposal_process_status_created")
