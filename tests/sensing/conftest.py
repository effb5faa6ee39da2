"""Fixtures of the sensing tests shared by its admin page tests (``test_admin_*``)."""

from tests.admin.fixtures import client_for  # noqa: F401
