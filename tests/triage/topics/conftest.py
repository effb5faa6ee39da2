from tests.admin.fixtures import client_for  # noqa: F401
