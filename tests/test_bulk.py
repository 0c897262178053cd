"""NewRows writes what save() would have written: the record, its defaults, its history row."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from claims.ingest.copy_rows import NewRows
from claims.ingest.importing import Batch, ImportFailure, ImportReport
from claims.models import Claim, Rating, Review, Speaker

pytestmark = pytest.mark.django_db

LEFT_OUT = {"id", "uid", "created_at", "updated_at"}


def saved_and_copied(model, **values):
    """The same values written by save() and by NewRows; both records, read back."""
    saved = model(uid=uuid.uuid4(), **values) if hasattr(model, "uid") else model(**values)
    saved._change_reason = "import"
    saved.save()
    rows = NewRows(model)
    pk = rows.add(**({"uid": uuid.uuid4()} if hasattr(model, "uid") else {}), **values)
    assert not model.objects.filter(pk=pk).exists()  # nothing is written before flush
    assert rows.flush() == 1
    return model.objects.get(pk=saved.pk), model.objects.get(pk=pk)


def comparable(obj) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in LEFT_OUT}


def history(obj) -> dict:
    record = obj.history.get()
    values = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    return {k: v for k, v in values.items() if k not in LEFT_OUT | {"history_id", "history_date"}}


def test_copied_claim_equals_a_saved_one_with_its_history(django_user_model):
    speaker = Speaker.objects.create(slug="jane-roe", name="Jane Roe")
    saved, copied = saved_and_copied(
        Claim, text="Crime fell by half.", claimant_id=speaker.pk, topics=["crime", "budget"],
        context="a town hall", status=Claim.Status.PUBLISHED,
    )  # fmt: skip
    assert comparable(copied) == comparable(saved)
    assert copied.version == 1 and copied.checkworthiness is None and copied.appearance_urls == []
    assert copied.created_at is not None and copied.created_at == copied.updated_at
    assert history(copied) == history(saved)
    assert copied.history.get().history_type == "+" and copied.history.get().history_change_reason == "import"
    assert Claim.objects.filter(pk=copied.pk, search="crime").exists()  # the generated column is filled in


def test_copied_review_keeps_json_fields(seeded):
    speaker = Speaker.objects.create(slug="jane-roe", name="Jane Roe")
    claim = Claim.objects.create(text="Crime fell by half.", claimant=speaker)
    rating = Rating.objects.filter(scale__slug="truth-six-level").first()
    evidence = [{"url": "https://example.org/a", "title": "A", "excerpt": "fell by a third"}]
    saved, copied = saved_and_copied(
        Review, claim_id=claim.pk, rating_id=rating.pk, explanation="It fell by a third.", evidence=evidence,
        status=Review.Status.PUBLISHED,
    )  # fmt: skip
    assert copied.evidence == evidence and comparable(copied) == comparable(saved)
    assert history(copied) == history(saved)


def test_values_are_checked_as_full_clean_checks_them():
    rows = NewRows(Speaker)
    with pytest.raises(ValidationError) as error:
        rows.add(slug="not a slug", name="x" * 201, kind="robot")
    assert set(error.value.message_dict) == {"slug", "name", "kind"}
    pk = rows.add(slug="jane-roe", name="Jane Roe")
    with pytest.raises(ValidationError):
        rows.update(pk, wikidata_id="22686")
    rows.update(pk, wikidata_id="Q22686")
    rows.flush()
    assert Speaker.objects.get(pk=pk).wikidata_id == "Q22686"


def test_keys_come_from_the_sequence_so_saves_after_a_flush_do_not_collide():
    rows = NewRows(Speaker)
    first, second = rows.add(slug="a", name="A"), rows.add(slug="b", name="B")
    assert first != second
    rows.flush()
    later = Speaker.objects.create(slug="c", name="C")
    assert later.pk not in (first, second)
    assert sorted(Speaker.objects.values_list("slug", flat=True)) == ["a", "b", "c"]


def test_the_database_still_refuses_what_breaks_its_constraints():
    rows = NewRows(Speaker)
    rows.add(slug="same", name="One")
    rows.add(slug="same", name="Two")  # each value is valid; together they break the unique slug
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.flush()
    assert not Speaker.objects.exists()


def test_a_name_that_is_not_a_column_is_an_error_not_a_value_dropped():
    with pytest.raises(TypeError, match="no column claimant"):
        NewRows(Claim).add(text="Crime fell.", claimant=1)


def test_a_record_the_database_refuses_is_named_by_where_it_came_from():
    batch = Batch(ImportReport(), Speaker)
    batch.put(Speaker, "slug", "jane-roe", "feed.jsonl line 1", {"name": "Jane Roe", "kind": "person"})
    batch.put(Speaker, "slug", "john-doe", "feed.jsonl line 2", {"name": "John Doe", "kind": "person"})
    Speaker.objects.create(slug="john-doe", name="John Doe")  # written meanwhile, outside the batch
    with pytest.raises(ImportFailure, match=r"^feed.jsonl line 2: duplicate key value"), transaction.atomic():
        batch.write()
    assert list(Speaker.objects.values_list("slug", flat=True)) == ["john-doe"]
