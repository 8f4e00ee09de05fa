from tests.volunteering.factories import make_opportunity, org_member  # noqa: F401
