"""Every table of the portal, imported in one place so Alembic and the tests see them all."""

from participation.accounts.models import RoleAssignment, User
from participation.districts.models import ActionField, District, Quarter
from participation.mail.models import OutboxMail
from participation.pages.models import AccessibilityFeedback, SitePage
from participation.partners.models import PartnerOrganisation

__all__ = [
    "AccessibilityFeedback",
    "ActionField",
    "District",
    "OutboxMail",
    "PartnerOrganisation",
    "Quarter",
    "RoleAssignment",
    "SitePage",
    "User",
]
