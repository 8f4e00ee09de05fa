"""Every table of the portal, imported in one place so Alembic and the tests see them all."""

from participation.accounts.models import (
    AccountAudit,
    AccountSession,
    RecoveryCode,
    RoleAssignment,
    SignInFailure,
    TwoFactor,
    User,
    WebAuthnCredential,
)
from participation.answers.models import OfficialResponse, ProcessAssignment, ProposalAssignment
from participation.certificates.models import Certificate
from participation.comments.models import Comment
from participation.contributions.models import Contribution, EventRegistration
from participation.coordination.models import ProcessTransition
from participation.council.models import CouncilConsultation, CouncilPaper, CouncilSyncState
from participation.districts.models import ActionField, District, Quarter
from participation.evaluation.models import PageViewCount, PortalFeedback
from participation.features.models import FeatureSwitch
from participation.follows.models import (
    OrganisationFollow,
    ProcessFollow,
    ProposalFollow,
    WorkingGroupFollow,
)
from participation.jobs.models import Job
from participation.mail.models import OutboxMail, PausedAddress
from participation.marketplace.models import (
    Company,
    Deal,
    MarketEntry,
    MarketEvent,
    MarketEventRegistration,
    MarketMessage,
)
from participation.moderation.models import Appeal, ModerationAction, ModerationNote, Report
from participation.network.models import (
    Ballot,
    NetworkMeeting,
    Nomination,
    SpeakerElection,
    WorkingGroup,
    WorkingGroupDocument,
    WorkProgramme,
    WorkProgrammeItem,
)
from participation.newsletters.models import (
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscriber,
)
from participation.notifications.models import (
    Interest,
    InterestKeyword,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationSettings,
)
from participation.pages.models import AccessibilityFeedback, SitePage
from participation.partners.models import (
    AgreementSignature,
    CooperationAgreement,
    PartnerInvitation,
    PartnerOrganisation,
)
from participation.practice.models import ExampleTargetGroup, PracticeExample
from participation.privacy.models import DataExport
from participation.projects.models import (
    CouncilDocument,
    Phase,
    Process,
    ProcessLink,
    ProposalCategory,
)
from participation.proposals.models import Proposal
from participation.qualification.models import (
    Training,
    TrainingAudience,
    TrainingDate,
    TrainingFeedback,
    TrainingRegistration,
)
from participation.results.models import ResultsReport
from participation.volunteering.models import (
    VolunteerInterest,
    VolunteerOpportunity,
    VolunteerSearch,
)
from participation.votes.models import CommentRating, Support
from participation.workaids.models import (
    ChecklistItem,
    ChecklistTick,
    ProcessChecklist,
    ProcessChecklistItem,
    WorkAid,
    WorkAidAudience,
    WorkAidPhase,
    WorkAidVersion,
)

__all__ = [
    "Company",
    "Deal",
    "MarketEntry",
    "MarketEvent",
    "MarketEventRegistration",
    "MarketMessage",
    "FeatureSwitch",
    "PageViewCount",
    "PortalFeedback",
    "AccountAudit",
    "AccountSession",
    "DataExport",
    "RecoveryCode",
    "SignInFailure",
    "TwoFactor",
    "WebAuthnCredential",
    "NewsletterDelivery",
    "NewsletterIssue",
    "NewsletterSubscriber",
    "NotificationSettings",
    "NotificationPreference",
    "NotificationEvent",
    "Notification",
    "InterestKeyword",
    "Interest",
    "PausedAddress",
    "Job",
    "WorkingGroupFollow",
    "ProposalFollow",
    "OrganisationFollow",
    "AccessibilityFeedback",
    "AgreementSignature",
    "Ballot",
    "ActionField",
    "Appeal",
    "Certificate",
    "Comment",
    "Contribution",
    "CooperationAgreement",
    "CommentRating",
    "CouncilConsultation",
    "CouncilDocument",
    "CouncilPaper",
    "CouncilSyncState",
    "District",
    "EventRegistration",
    "ModerationAction",
    "ModerationNote",
    "NetworkMeeting",
    "Nomination",
    "OfficialResponse",
    "OutboxMail",
    "PartnerInvitation",
    "PartnerOrganisation",
    "Phase",
    "Process",
    "PracticeExample",
    "ExampleTargetGroup",
    "ProcessAssignment",
    "ProcessLink",
    "ProcessFollow",
    "ProcessTransition",
    "Proposal",
    "ProposalAssignment",
    "ProposalCategory",
    "Quarter",
    "Report",
    "ResultsReport",
    "RoleAssignment",
    "SitePage",
    "SpeakerElection",
    "Support",
    "Training",
    "TrainingAudience",
    "TrainingDate",
    "TrainingFeedback",
    "TrainingRegistration",
    "VolunteerInterest",
    "VolunteerOpportunity",
    "VolunteerSearch",
    "User",
    "WorkProgramme",
    "WorkProgrammeItem",
    "WorkingGroup",
    "WorkingGroupDocument",
    "ChecklistItem",
    "ChecklistTick",
    "ProcessChecklist",
    "ProcessChecklistItem",
    "WorkAid",
    "WorkAidAudience",
    "WorkAidPhase",
    "WorkAidVersion",
]
