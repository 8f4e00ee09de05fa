"""Every table of the portal, imported in one place so Alembic and the tests see them all."""

from participation.accounts.models import RoleAssignment, User
from participation.districts.models import ActionField, District, Quarter
from participation.mail.models import OutboxMail
from participation.pages.models import AccessibilityFeedback, SitePage
from participation.partners.models import PartnerOrganisation
from participation.projects.models import (
    CouncilDocument,
    Phase,
    Process,
    ProcessLink,
    ProposalCategory,
)

__all__ = [
    "AccessibilityFeedback",
    "ActionField",
    "CouncilDocument",
    "District",
    "OutboxMail",
    "PartnerOrganisation",
    "Phase",
    "Process",
    "ProcessLink",
    "ProposalCategory",
    "Quarter",
    "RoleAssignment",
    "SitePage",
    "User",
]
