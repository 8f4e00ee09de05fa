from tests.qualification.factories import make_training, office  # noqa: F401
