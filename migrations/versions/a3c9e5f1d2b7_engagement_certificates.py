"""engagement certificates: volunteers' requests; the holder's switch for the public check

Revision ID: a3c9e5f1d2b7
Revises: b3c91d7e5a20
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a3c9e5f1d2b7"
down_revision = 'b3c91d7e5a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("verification_off_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "engagement_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("volunteer_name", sa.String(length=200), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("held_from", sa.Date(), nullable=False),
        sa.Column("held_until", sa.Date(), nullable=False),
        sa.Column("hours_per_month", sa.Integer(), nullable=False),
        sa.Column("monthly_hours", sa.JSON(), nullable=True),
        sa.Column("corrected_activities", sa.Text(), nullable=False),
        sa.Column("corrected_from", sa.Date(), nullable=True),
        sa.Column("corrected_until", sa.Date(), nullable=True),
        sa.Column("corrected_hours", sa.Integer(), nullable=True),
        sa.Column("corrected_monthly", sa.JSON(), nullable=True),
        sa.Column("correction_note", sa.Text(), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('requested', 'corrected', 'confirmed', 'declined', 'withdrawn')",
            name=op.f("ck_engagement_request_known_status"),
        ),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificate.id"],
            name=op.f("fk_engagement_request_certificate_id_certificate"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_engagement_request_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisation.id"],
            name=op.f("fk_engagement_request_organisation_id_partner_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["user_account.id"],
            name=op.f("fk_engagement_request_volunteer_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_request")),
    )
    with op.batch_alter_table("engagement_request", schema=None) as batch_op:
        for column in ("organisation_id", "status", "volunteer_id"):
            batch_op.create_index(
                batch_op.f(f"ix_engagement_request_{column}"), [column], unique=False
            )


def downgrade():
    with op.batch_alter_table("engagement_request", schema=None) as batch_op:
        for column in ("organisation_id", "status", "volunteer_id"):
            batch_op.drop_index(batch_op.f(f"ix_engagement_request_{column}"))
    op.drop_table("engagement_request")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("verification_off_at")
