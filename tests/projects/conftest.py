from tests.projects.factories import make_process  # noqa: F401 - fixture
