"""council_member role: a district council or (without a district) the city council

Revision ID: 5e0c4a1b7d21
Revises: 3721a4933148
Create Date: 2026-12-07 02:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e0c4a1b7d21'
down_revision = '3721a4933148'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('resident', 'district_manager', 'coordinator', 'partner_member', 'admin')"
NEW_ROLES = (
    "role IN ('resident', 'district_manager', 'coordinator', 'partner_member', 'admin',"
    " 'council_member')"
)
OLD_SCOPE = "(role = 'district_manager') = (district_id IS NOT NULL)"
NEW_SCOPE = (
    "(role = 'district_manager' AND district_id IS NOT NULL)"
    " OR role = 'council_member'"
    " OR (role <> 'district_manager' AND district_id IS NULL)"
)


def _replace(roles: str, scope: str) -> None:
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_role_assignment_known_role'), type_='check')
        batch_op.drop_constraint(op.f('ck_role_assignment_district_scope'), type_='check')
        batch_op.create_check_constraint(op.f('ck_role_assignment_known_role'), roles)
        batch_op.create_check_constraint(op.f('ck_role_assignment_district_scope'), scope)


def upgrade():
    _replace(NEW_ROLES, NEW_SCOPE)


def downgrade():
    # Council members have no place in the older schema: their roles go first.
    op.execute("DELETE FROM role_assignment WHERE role = 'council_member'")
    _replace(OLD_ROLES, OLD_SCOPE)
