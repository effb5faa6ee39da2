"""`cityloop apikey`: keys for client applications, shown once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import hash_key


def apikey(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_new_key_alone_on_the_last_line_and_the_key_works(db):
    out = apikey("create", "Neighbourhood app", "--email", "dev@example.org")
    key = out.strip().splitlines()[-1]
    assert key.startswith("cl_") and " " not in key
    client = apiclients.authenticate(key)
    assert client is not None
    assert (client.name, client.contact_email) == ("Neighbourhood app", "dev@example.org")
    assert key not in client.key_hash  # only a hash is kept
    assert apiclients.authenticate(key + "x") is None


def test_it_refuses_a_second_client_with_the_same_name(db):
    first_key = apikey("create", "Neighbourhood app").strip().splitlines()[-1]
    with pytest.raises(CommandError) as refusal, transaction.atomic():
        apikey("create", "Neighbourhood app")
    assert "exists already" in str(refusal.value)
    assert ApiClient.objects.count() == 1
    assert apiclients.authenticate(first_key) is not None


def test_it_lists_clients_without_their_keys_and_revokes_one(db):
    key = apikey("create", "Neighbourhood app").strip().splitlines()[-1]
    listing = apikey("list")
    assert "Neighbourhood app" in listing and "active" in listing and key not in listing
    assert "Revoked 'Neighbourhood app'" in apikey("revoke", "Neighbourhood app")
    assert apiclients.authenticate(key) is None
    assert "revoked" in apikey("list")
    with pytest.raises(CommandError):
        apikey("revoke", "Nobody's app")



def test_a_revoked_key_is_refused_at_once_by_a_process_that_had_it_in_memory(db):
    client, key = ApiClient.create("Fix-it app")
    assert apiclients.authenticate(key) == client  # now held in this process's copy
    call_command("apikey", "revoke", "Fix-it app", stdout=StringIO())
    assert apiclients.authenticate(key) is None
    assert hash_key(key) not in apiclients.active()
