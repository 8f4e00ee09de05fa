"""certificates with verification codes; the newsletter's audience "Politik"

Revision ID: e4a7c2b91f05
Revises: b7e3c1d9a4f2
Create Date: 2026-12-07 06:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e4a7c2b91f05"
down_revision = "b7e3c1d9a4f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("holder_ref", sa.String(length=220), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_from", sa.Date(), nullable=False),
        sa.Column("held_until", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("source_type", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_id"],
            ["user_account.id"],
            name=op.f("fk_certificate_holder_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_certificate_code")),
        sa.UniqueConstraint(
            "source_type",
            "source_id",
            "holder_ref",
            name=op.f("uq_certificate_source_type_source_id_holder_ref"),
        ),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_holder_id"), ["holder_id"], unique=False)

    # Before, council members received what went to residents: issues keep reaching them.
    with op.batch_alter_table("newsletter_issue", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("to_council", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE newsletter_issue SET to_council = to_residents")


def downgrade():
    with op.batch_alter_table("newsletter_issue", schema=None) as batch_op:
        batch_op.drop_column("to_council")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_holder_id"))
    op.drop_table("certificate")
