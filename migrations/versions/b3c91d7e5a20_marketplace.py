"""marketplace: companies and their members, entries, messages, deals, events

Revision ID: b3c91d7e5a20
Revises: 0305bcc67d5b
Create Date: 2026-12-07 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c91d7e5a20'
down_revision = '0305bcc67d5b'
branch_labels = None
depends_on = None

OLD_ROLES = (
    "role IN ('resident', 'district_manager', 'coordinator', 'partner_member', 'admin',"
    " 'council_member')"
)
NEW_ROLES = (
    "role IN ('resident', 'district_manager', 'coordinator', 'partner_member', 'admin',"
    " 'council_member', 'company_member')"
)
COMPANY_SCOPE = "(role = 'company_member') = (company_id IS NOT NULL)"


def _timestamps():
    return [
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def _party(prefix=''):
    return [
        sa.Column(f'{prefix}company_id', sa.Integer(), nullable=True),
        sa.Column(f'{prefix}organisation_id', sa.Integer(), nullable=True),
    ]


def upgrade():
    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=220), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    *_timestamps(),
    sa.CheckConstraint("sector IN ('trade', 'crafts', 'industry', 'services', 'it_media', 'health', 'hospitality', 'finance', 'other')", name=op.f('ck_company_known_sector')),
    sa.CheckConstraint("status IN ('applied', 'active', 'declined')", name=op.f('ck_company_known_status')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_company_registered_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company')),
    sa.UniqueConstraint('slug', name=op.f('uq_company_slug'))
    )
    op.create_table('market_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('confirmed_count', sa.Integer(), nullable=False),
    sa.Column('waiting_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    *_timestamps(),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_market_event_capacity_positive')),
    sa.CheckConstraint('confirmed_count >= 0 AND waiting_count >= 0', name=op.f('ck_market_event_counts_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_market_event_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_event'))
    )
    op.create_index(op.f('ix_market_event_starts_at'), 'market_event', ['starts_at'], unique=False)
    op.create_table('market_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    *_party(),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.String(length=40), nullable=False),
    sa.Column('hidden_explanation', sa.Text(), nullable=False),
    *_timestamps(),
    sa.CheckConstraint("kind IN ('offer', 'request')", name=op.f('ck_market_entry_known_kind')),
    sa.CheckConstraint("category IN ('expertise', 'material', 'rooms', 'transport', 'time')", name=op.f('ck_market_entry_known_category')),
    sa.CheckConstraint("status IN ('draft', 'published', 'closed')", name=op.f('ck_market_entry_known_status')),
    sa.CheckConstraint('(company_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_market_entry_one_owner')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_market_entry_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_market_entry_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_market_entry_district_id_district')),
    sa.ForeignKeyConstraint(['organisation_id'], ['partner_organisation.id'], name=op.f('fk_market_entry_organisation_id_partner_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_entry'))
    )
    op.create_index(op.f('ix_market_entry_company_id'), 'market_entry', ['company_id'], unique=False)
    op.create_index(op.f('ix_market_entry_organisation_id'), 'market_entry', ['organisation_id'], unique=False)
    op.create_index('ix_market_entry_listing', 'market_entry', ['status', 'published_at'], unique=False)
    op.create_table('market_event_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    *_party(),
    sa.Column('party_key', sa.String(length=24), nullable=False),
    sa.Column('participant', sa.String(length=120), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('confirmed', 'waiting')", name=op.f('ck_market_event_registration_known_status')),
    sa.CheckConstraint('(company_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_market_event_registration_one_party')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_market_event_registration_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['market_event.id'], name=op.f('fk_market_event_registration_event_id_market_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['partner_organisation.id'], name=op.f('fk_market_event_registration_organisation_id_partner_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_market_event_registration_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_event_registration')),
    sa.UniqueConstraint('event_id', 'party_key', 'participant', name=op.f('uq_market_event_registration_event_id_party_key_participant'))
    )
    op.create_index(op.f('ix_market_event_registration_user_id'), 'market_event_registration', ['user_id'], unique=False)
    op.create_table('market_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    *_party('sender_'),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reply_email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(sender_company_id IS NULL) <> (sender_organisation_id IS NULL)', name=op.f('ck_market_message_one_sender')),
    sa.ForeignKeyConstraint(['entry_id'], ['market_entry.id'], name=op.f('fk_market_message_entry_id_market_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_company_id'], ['company.id'], name=op.f('fk_market_message_sender_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['user_account.id'], name=op.f('fk_market_message_sender_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sender_organisation_id'], ['partner_organisation.id'], name=op.f('fk_market_message_sender_organisation_id_partner_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_message'))
    )
    op.create_index(op.f('ix_market_message_entry_id'), 'market_message', ['entry_id'], unique=False)
    op.create_index(op.f('ix_market_message_sender_id'), 'market_message', ['sender_id'], unique=False)
    op.create_table('market_deal',
    sa.Column('id', sa.Integer(), nullable=False),
    *_party('giver_'),
    *_party('receiver_'),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('proposed_by_side', sa.String(length=10), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('giver_consents', sa.Boolean(), nullable=False),
    sa.Column('receiver_consents', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    *_timestamps(),
    sa.CheckConstraint("category IN ('expertise', 'material', 'rooms', 'transport', 'time')", name=op.f('ck_market_deal_known_category')),
    sa.CheckConstraint("status IN ('proposed', 'agreed', 'declined')", name=op.f('ck_market_deal_known_status')),
    sa.CheckConstraint("proposed_by_side IN ('giver', 'receiver')", name=op.f('ck_market_deal_known_side')),
    sa.CheckConstraint('(giver_company_id IS NULL) <> (giver_organisation_id IS NULL)', name=op.f('ck_market_deal_one_giver')),
    sa.CheckConstraint('(receiver_company_id IS NULL) <> (receiver_organisation_id IS NULL)', name=op.f('ck_market_deal_one_receiver')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'], name=op.f('fk_market_deal_answered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['market_entry.id'], name=op.f('fk_market_deal_entry_id_market_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['market_event.id'], name=op.f('fk_market_deal_event_id_market_event'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['giver_company_id'], ['company.id'], name=op.f('fk_market_deal_giver_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['giver_organisation_id'], ['partner_organisation.id'], name=op.f('fk_market_deal_giver_organisation_id_partner_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_market_deal_proposed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['receiver_company_id'], ['company.id'], name=op.f('fk_market_deal_receiver_company_id_company'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['receiver_organisation_id'], ['partner_organisation.id'], name=op.f('fk_market_deal_receiver_organisation_id_partner_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_deal'))
    )
    for column in ('giver_company_id', 'giver_organisation_id', 'receiver_company_id', 'receiver_organisation_id'):
        op.create_index(op.f(f'ix_market_deal_{column}'), 'market_deal', [column], unique=False)
    op.create_index('ix_market_deal_published', 'market_deal', ['published_at'], unique=False)
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_role_assignment_company_id_company'), 'company', ['company_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(op.f('ck_role_assignment_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_assignment_known_role'), NEW_ROLES)
        batch_op.create_check_constraint(op.f('ck_role_assignment_company_scope'), COMPANY_SCOPE)


def downgrade():
    op.execute("DELETE FROM role_assignment WHERE role = 'company_member'")
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_assignment_company_scope'), type_='check')
        batch_op.drop_constraint(op.f('ck_role_assignment_known_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_assignment_known_role'), OLD_ROLES)
        batch_op.drop_constraint(batch_op.f('fk_role_assignment_company_id_company'), type_='foreignkey')
        batch_op.drop_column('company_id')
    op.drop_table('market_deal')
    op.drop_table('market_message')
    op.drop_table('market_event_registration')
    op.drop_table('market_entry')
    op.drop_table('market_event')
    op.drop_table('company')
