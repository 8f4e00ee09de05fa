"""Who may create, publish and see processes. District scopes are data (role assignments)."""

from participation.core.permissions import rule

# The coordination office: coordinators, and admins who may do what they do.
OFFICE_ROLES = frozenset({"coordinator", "admin"})


def is_office(user) -> bool:
    """The coordination office (coordinators and admins), signed in."""
    return bool(user and user.is_authenticated and user.role_names & OFFICE_ROLES)


def _manages(user, district_id) -> bool:
    """Coordinators and admins act city-wide; district managers in their districts only."""
    if not (user and user.is_authenticated):
        return False
    if user.role_names & OFFICE_ROLES:
        return True
    return district_id is not None and district_id in user.district_ids()


@rule("create_process")
def can_create_process(user, district=None) -> bool:
    return _manages(user, getattr(district, "id", None))


@rule("publish_process")
def can_publish_process(user, process) -> bool:
    return _manages(user, process.district_id)


# While the coordination office reviews a process, or has approved it as it stands, only
# the office changes it; the district goes back to work after a return.
REVIEW_LOCKED = ("in_review", "approved")


@rule("edit_process")
def can_edit_process(user, process) -> bool:
    if not _manages(user, process.district_id):
        return False
    return process.status not in REVIEW_LOCKED or bool(user.role_names & OFFICE_ROLES)


@rule("view_process")
def can_view_process(user, process) -> bool:
    return process.is_public or _manages(user, process.district_id)


@rule("manage_processes")
def can_manage_processes(user, obj=None) -> bool:
    """Staff who draft processes: district managers, the coordination office, admins."""
    return bool(
        user
        and user.is_authenticated
        and user.role_names & {"district_manager", "coordinator", "admin"}
    )
