"""backup and restore round-trip the database: every sampled API answer is byte-identical."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from claims.ingest.seeding import load_seeds
from claims.models import Claim, Speaker

SAMPLE = ["/api/sources/", "/api/speakers/", "/api/quotes/", "/api/claims/", "/api/quantities/", "/api/measures/",
          "/api/reviews/", "/api/speakers/donald-trump/", "/api/measures/2019-mississippi-raids-released/",
          "/api/claims/?q=detained", "/api/quotes/?format=csv"]  # fmt: skip


def answers(client) -> dict[str, bytes]:
    return {url: client.get(url).content for url in SAMPLE}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path):
    load_seeds()
    client = APIClient()
    before = answers(client)
    path = tmp_path / "factcheck.dump"
    call_command("backup", str(path), stdout=StringIO())

    Claim.objects.filter(text__startswith="Almost 700").update(checkworthiness=0.1)
    Speaker.objects.create(slug="someone-new", name="Someone New")

    call_command("restore", str(path), "--yes", stdout=StringIO())

    assert answers(client) == before
    assert not Speaker.objects.filter(slug="someone-new").exists()


@pytest.mark.django_db
def test_restore_asks_for_confirmation_and_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.dump"))
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "x.dump"), "--yes")
