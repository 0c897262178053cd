import re

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import Claim, Quote, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_seeded(seeded, admin_client):
    return admin_client


def object_for(model):
    return model._default_manager.order_by("pk").first()


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label == "claims"], ids=lambda m: m._meta.model_name
)
def test_admin_pages_render_for_a_superuser(admin_client_seeded, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client_seeded.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert admin_client_seeded.get(reverse(f"{prefix}_changelist"), {"q": "raid"}).status_code == 200
    read_only = model._meta.proxy  # the review queue: a list to read, no record of its own
    assert admin_client_seeded.get(reverse(f"{prefix}_add")).status_code == (403 if read_only else 200)
    obj = object_for(model)
    if obj is not None and not read_only:
        assert admin_client_seeded.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
        assert admin_client_seeded.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200


def test_every_model_is_in_the_admin():
    from django.apps import apps

    editorial = {
        m
        for m in apps.get_app_config("claims").get_models()
        # appearances and measure relations are edited inline on their claim and measure pages
        # (request counts are bookkeeping of the rate limits, not editorial data)
        if m.__name__
        not in {"SeedRecord", "Appearance", "MeasureRelation", "ClaimStatusChange", "ReviewCorrection", "RequestCount"}
        and not m.__name__.startswith("Historical")
    }
    assert editorial <= set(admin.site._registry)


def test_source_page_highlights_its_quotes_and_lists_them(admin_client_seeded):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    page = admin_client_seeded.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    quotes = Quote.objects.filter(source=source)
    assert page.count("data-quotes=") == quotes.count()  # the seed's quotes neither nest nor overlap
    trump = quotes.get(text__startswith="You have to go in")
    assert (f'class="quote quote-direct quote-confirmed quote-depth-1" data-quotes="{trump.pk}" '
            'title="Donald Trump (Direct, Confirmed)">You have to go in') in page  # fmt: skip
    assert 'class="quote-legend"' in page
    assert "quote_set-TOTAL_FORMS" in page or "quotes-TOTAL_FORMS" in page


def test_claim_page_shows_quantities_and_appearances(admin_client_seeded):
    claim = Claim.objects.get(text__startswith="Almost 700")
    page = admin_client_seeded.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "almost 700" in page and "[630, 700)" in page
    assert '<mark class="quote">following the recent raid' in page
    assert "A senior immigration official" in page


def test_speaker_autocomplete_answers(admin_client_seeded):
    response = admin_client_seeded.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "quote", "field_name": "speaker", "term": "Trump"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Donald Trump"]


def test_admin_refuses_a_misquote_with_a_form_error(admin_client_seeded):
    quote = Quote.objects.filter(kind="direct").first()
    url = reverse("admin:claims_quote_change", args=[quote.pk])
    response = admin_client_seeded.post(
        url,
        {
            "source": quote.source_id,
            "speaker": quote.speaker_id,
            "text": quote.text + " (sic)",
            "kind": "direct",
            "review_status": "confirmed",
            "start": quote.start,
            "end": quote.end,
            "anchor_status": "exact",
            "cue": quote.cue,
            "speaker_mention": "",
            "role": "",
            "context": "",
            "extracted_by": "",
            "confidence": "",
            "stated_on": "",
        },
    )
    assert response.status_code == 200 and "must equal the body" in response.content.decode()
    quote.refresh_from_db()
    assert not quote.text.endswith("(sic)")


def test_admin_body_edit_reanchors_quotes_and_flags_claims(admin_client_seeded):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    url = reverse("admin:claims_source_change", args=[source.pk])
    page = admin_client_seeded.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"body": "WASHINGTON — " + source.body.replace("very good deterrent", "fine deterrent"),
                 "authors": "", "quotes-TOTAL_FORMS": "0", "quotes-INITIAL_FORMS": "0"})  # fmt: skip
    response = admin_client_seeded.post(url, data, follow=True)
    assert response.status_code == 200 and "Quotes re-anchored" in response.content.decode()
    moved = Quote.objects.get(cue="called")
    assert moved.anchor_status == "moved" and moved.start > 0
    deterrent = Quote.objects.get(cue="said", kind="partial")
    assert deterrent.anchor_status in {"changed", "orphaned"}
    flagged = Claim.objects.exclude(needs_attention="")
    assert flagged.filter(text__startswith="Workplace raids are a very good deterrent").exists()


def test_measure_page_lists_its_conflicts(admin_client):
    from tests.factories import MeasureFactory, QuantityFactory

    measure = MeasureFactory()
    QuantityFactory(measure=measure, surface="almost 700", qualifier="almost", value=700)
    QuantityFactory(measure=measure, surface="over 900", qualifier="over", value=900)
    page = admin_client.get(reverse("admin:claims_measure_change", args=[measure.pk])).content.decode()
    assert "1 conflict(s)" in page and "share no value" in page


def test_nested_and_overlapping_quotes_are_all_highlighted():
    from types import SimpleNamespace

    from claims.admin.sources import highlight

    def quote(pk, start, end, kind="direct"):
        return SimpleNamespace(pk=pk, start=start, end=end, kind=kind, review_status="confirmed", speaker=None,
                               get_kind_display=kind.title, get_review_status_display="Confirmed".title)  # fmt: skip

    body = "0123456789abcdefghij"
    outer, inner, across = quote(1, 2, 12), quote(2, 4, 6, "partial"), quote(3, 10, 15, "indirect")
    html = str(highlight(body, [outer, inner, across]))
    marks = re.findall(r'<mark class="([^"]+)" data-quotes="([^"]+)"[^>]*>([^<]*)</mark>', html)
    assert [(text, ids) for _classes, ids, text in marks] == [
        ("23", "1"), ("45", "2 1"), ("6789", "1"), ("ab", "3 1"), ("cde", "3"),  # "ab": the shorter is inner
    ]  # fmt: skip
    assert "quote-partial" in marks[1][0] and "quote-depth-2" in marks[1][0]
    assert re.sub(r"<[^>]+>", "", html) == body  # the text itself is untouched
