"""network items in the moderation: reports and actions name a registered subject; partners'
contributions can be hidden with a public reason

Revision ID: b7d3e5a1c904
Revises: e17b4f8afe3a
Create Date: 2026-12-07 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e5a1c904'
down_revision = 'e17b4f8afe3a'
branch_labels = None
depends_on = None

ONE_TARGET = (
    "(CASE WHEN proposal_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN subject_id IS NULL THEN 0 ELSE 1 END) = 1"
)
SUBJECT_PAIR = "(subject_kind IS NULL) = (subject_id IS NULL)"
OPEN_SUBJECT = "status = 'open' AND subject_id IS NOT NULL"


def upgrade():
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hidden_explanation', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_moderation_action_subject_pair'), SUBJECT_PAIR)
        batch_op.create_check_constraint(
            op.f('ck_moderation_action_subject_alone'),
            "subject_id IS NULL OR (proposal_id IS NULL AND comment_id IS NULL)",
        )
        batch_op.create_index('ix_moderation_action_subject', ['subject_kind', 'subject_id', 'created_at'], unique=False)

    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))
        batch_op.alter_column('process_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(op.f('ck_report_one_target'), type_='check')
        batch_op.create_check_constraint(op.f('ck_report_one_target'), ONE_TARGET)
        batch_op.create_check_constraint(op.f('ck_report_subject_pair'), SUBJECT_PAIR)
        batch_op.create_check_constraint(
            op.f('ck_report_process_or_subject'), "(process_id IS NULL) = (subject_id IS NOT NULL)"
        )
        batch_op.create_index('ix_report_subject', ['subject_kind', 'subject_id', 'status'], unique=False)
        batch_op.create_index(
            'uq_report_open_subject',
            ['reporter_id', 'subject_kind', 'subject_id'],
            unique=True,
            sqlite_where=sa.text(OPEN_SUBJECT),
            postgresql_where=sa.text(OPEN_SUBJECT),
        )


def downgrade():
    op.execute("DELETE FROM report WHERE subject_id IS NOT NULL")
    op.execute("DELETE FROM moderation_action WHERE subject_id IS NOT NULL")
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('uq_report_open_subject', sqlite_where=sa.text(OPEN_SUBJECT), postgresql_where=sa.text(OPEN_SUBJECT))
        batch_op.drop_index('ix_report_subject')
        batch_op.drop_constraint(op.f('ck_report_process_or_subject'), type_='check')
        batch_op.drop_constraint(op.f('ck_report_subject_pair'), type_='check')
        batch_op.drop_constraint(op.f('ck_report_one_target'), type_='check')
        batch_op.create_check_constraint(op.f('ck_report_one_target'), '(proposal_id IS NULL) <> (comment_id IS NULL)')
        batch_op.alter_column('process_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_kind')

    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_action_subject')
        batch_op.drop_constraint(op.f('ck_moderation_action_subject_alone'), type_='check')
        batch_op.drop_constraint(op.f('ck_moderation_action_subject_pair'), type_='check')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_kind')

    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_column('hidden_explanation')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')
