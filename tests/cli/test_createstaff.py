"""`cityloop createstaff`: staff accounts with a role and their departments."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

PASSWORD = "correct horse battery staple"


def createstaff(*args: str) -> str:
    out = StringIO()
    call_command("createstaff", *args, "--password", PASSWORD, stdout=out)
    return out.getvalue()


def test_it_creates_an_officer_or_supervisor_of_departments(city):
    for role in ("officer", "supervisor"):
        username = f"li.{role}"
        out = createstaff(username, "--role", role, "--department", "roads", "--department",
                          "roads_east", "--email", "li@city.example", "--name", "Li Wei")
        assert f"Created {role} {username}." in out
        user = User.objects.get(username=username)
        assert (user.is_staff, user.is_superuser, user.email) == (True, False, "li@city.example")
        assert (user.first_name, user.last_name) == ("Li", "Wei")
        assert user.check_password(PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert sorted(user.departments.values_list("code", flat=True)) == ["roads", "roads_east"]
        supervised = sorted(user.supervised_departments.values_list("code", flat=True))
        assert supervised == (["roads", "roads_east"] if role == "supervisor" else [])


def test_it_creates_an_operator_and_an_admin(db):
    createstaff("dave", "--role", "operator")
    createstaff("erin", "--role", "admin")
    operator, admin = User.objects.get(username="dave"), User.objects.get(username="erin")
    assert operator.has_perm("cases.add_case") and not operator.has_perm("cases.work_case")
    assert (admin.is_superuser, admin.is_staff) == (True, True)


@pytest.mark.parametrize(("args", "says"), [
    (["li", "--role", "officer"], "an officer needs --department"),
    (["li", "--role", "supervisor", "--department", "nowhere"], "no department with code"),
])
def test_it_refuses_an_account_it_cannot_place(args, says, city):
    with pytest.raises(CommandError) as refusal:
        createstaff(*args)
    assert says in str(refusal.value)
    assert not User.objects.filter(username="li").exists()


def test_it_refuses_a_taken_username_and_a_weak_password(city):
    createstaff("li", "--role", "operator")
    with pytest.raises(CommandError) as taken:
        createstaff("li", "--role", "operator")
    assert "exists already" in str(taken.value)
    with pytest.raises(CommandError) as weak:
        call_command("createstaff", "wang", "--role", "operator", "--password", "password",
                     stdout=StringIO())
    assert "too common" in str(weak.value)
    assert not User.objects.filter(username="wang").exists()


def test_it_refuses_a_role_that_does_not_exist(db):
    with pytest.raises(CommandError) as refusal:
        createstaff("li", "--role", "mayor")
    assert "invalid choice: 'mayor'" in str(refusal.value)
