"""The public site over HTTP: what each page shows, the ClaimReview markup Google reads, what it never
shows (drafts, suggestions, private names), its caching headers, the sitemap and the Atom feed."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from claims.models import Claim, Review
from tests.factories import ClaimFactory, QuantityFactory, QuoteFactory, ReviewFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.content.decode()


def claimreview_in(html: str) -> dict:
    [block] = LD_JSON.findall(html)
    return json.loads(block)


def canonical_in(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def test_a_fresh_site_shows_the_seeded_fact_checks_newest_first(client, seeded):
    home = page(client, "/")
    titles = re.findall(r'<h2 class="card-title"><a href="/claims/\d+/">([^<]+)</a>', home)
    assert titles == [
        "Millions of undocumented immigrants live in the United States.",
        "ICE field officers were told to find at least two workplace targets each.",
        "Over 300 of the detained immigrants were released by Thursday.",
        "Almost 700 undocumented immigrants were detained in the Mississippi raids.",
    ]


def test_every_numeric_seed_claim_has_a_published_review_with_evidence(seeded):
    for claim in Claim.objects.filter(quantities__isnull=False):
        review = Review.objects.published().get(claim=claim)
        assert review.evidence and review.explanation and review.rating.value is not None, claim


@pytest.mark.parametrize("text", ["Almost 700", "Over 300", "ICE field officers", "Millions of"])
def test_every_claim_page_carries_claimreview_as_google_requires(client, seeded, text):
    claim = Claim.objects.get(text__startswith=text)
    html = page(client, f"/claims/{claim.pk}/")
    doc = claimreview_in(html)
    assert doc["@type"] == "ClaimReview" and doc["url"] == canonical_in(html) == f"http://testserver/claims/{claim.pk}/"
    assert doc["claimReviewed"] == claim.text and len(doc["claimReviewed"]) <= 100
    rating = doc["reviewRating"]
    assert rating["alternateName"] and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert doc["itemReviewed"]["author"]["name"] == claim.claimant.name
    assert doc["itemReviewed"]["appearance"][0]["headline"].startswith("White House Instructs ICE")
    assert doc["author"]["name"] and doc["datePublished"].startswith("2019-08-12")
    assert f'<meta property="og:url" content="{doc["url"]}">' in html
    assert 'property="og:title"' in html and 'property="og:description"' in html


def test_the_claim_page_shows_quote_in_context_verdict_scale_evidence_and_figures(client, seeded):
    claim = Claim.objects.get(text__startswith="Over 300")
    html = page(client, f"/claims/{claim.pk}/")
    assert "<mark>Over 300 of the detained immigrants were released by Thursday</mark>, said a spokesperson" in html
    assert 'href="/sources/ice-workplace-raids-2019/"' in html
    assert '<li class="current" aria-current="true">Accurate</li>' in html
    assert "5 on the numeric accuracy scale, from 1 to 5" in html
    assert "about 680 people arrested, 303 of them released" in html
    assert 'href="/measures/2019-mississippi-raids-released/"' in html
    assert 'href="/speakers/ice-spokesperson/"' in html


def test_the_claimreview_api_points_at_the_public_page(client, seeded):
    claim = Claim.objects.get(text__startswith="Almost 700")
    doc = client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert doc["url"] == f"http://testserver/claims/{claim.pk}/"
    assert client.get(doc["url"]).status_code == 200


def test_speaker_page_has_the_scorecard_and_published_claims(client, seeded):
    html = page(client, "/speakers/senior-immigration-official/")
    assert re.search(r"<td>Numeric accuracy scale</td><td>Accurate</td><td>1</td>", html)
    assert re.search(r"<td>Six-level truth scale</td><td>Mostly True</td><td>1</td>", html)
    assert "The White House told ICE to carry out more workplace enforcement operations." in html


def test_measure_page_draws_each_figure_and_marks_conflicts(client, seeded):
    detained = Claim.objects.get(text__startswith="Almost 700").quantities.get().measure
    rival = QuantityFactory(claim=ClaimFactory(text="Over 900 were detained."), surface="over 900",
                            qualifier="over", value=900, measure=detained)  # fmt: skip
    html = page(client, f"/measures/{detained.slug}/")
    assert html.count('stroke-width="8"') == 2  # one bar per figure
    assert "1 conflict:" in html and "share no value" in html
    assert f'<td><span aria-label="in conflict">!</span> {rival.surface}</td>' in html
    assert "<code>(900, +inf)</code>" in html


def test_search_uses_the_api_syntax_and_filters(client, seeded):
    html = page(client, "/search/?q=released+-detained")
    assert "0 claims found" in html
    html = page(client, "/search/?q=%22detained+immigrants%22")
    assert "1 claim found" in html and "<mark>detained</mark> <mark>immigrants</mark>" in html
    html = page(client, "/search/?measure=2019-mississippi-raids-detained&value_min=650&value_max=690")
    assert "1 claim found" in html and "Almost 700" in html
    html = page(client, "/search/?value_min=lots", status=400)
    assert "<strong>value_min</strong>: Enter a number." in html


def test_search_snippets_escape_the_claim_text(client, db):
    ClaimFactory(text="Ballots <script>alert(1)</script> were counted twice.")
    ClaimFactory(text='Ballots: 5 < 7 & "8" > 3')
    html = page(client, "/search/?q=ballots")
    assert "<script>alert(1)" not in html
    assert "<mark>Ballots</mark>: 5 &lt; 7 &amp; &quot;8&quot; &gt; 3" in html


def test_claimreview_markup_cannot_end_its_script_tag(client, db):
    review = ReviewFactory(claim=ClaimFactory(text="A </script><script>alert(1)</script> claim"),
                           status="published", published_at=timezone.now())  # fmt: skip
    html = page(client, f"/claims/{review.claim_id}/")
    assert "<script>alert(1)" not in html
    assert claimreview_in(html)["claimReviewed"] == "A </script><script>alert(1)</script> claim"


def test_drafts_suggestions_and_unpublished_reviews_stay_off_the_pages(client, db):
    speaker = SpeakerFactory(name="Dana Reyes")
    source = SourceFactory(body="Dana Reyes said “we counted almost 700 ballots” and “we lost the keys” today.")
    confirmed = QuoteFactory(source=source, speaker=speaker)
    suggested = QuoteFactory(source=source, speaker=speaker, text="we lost the keys", review_status="suggested")
    claim = ClaimFactory(claimant=speaker, text="Almost 700 ballots were counted.")
    claim.appearances.add(confirmed, suggested)
    ReviewFactory(claim=claim, status="published", published_at=timezone.now(), explanation="Published reasoning.")
    ReviewFactory(claim=claim, explanation="Draft reasoning, not for readers.")
    draft = ClaimFactory(claimant=speaker, text="A draft nobody may read.", status="draft")
    urls = ["/", f"/claims/{claim.pk}/", f"/speakers/{speaker.slug}/", f"/sources/{source.slug}/", "/search/?q=ballots",
            "/feed/", "/sitemap.xml"]  # fmt: skip
    pages = [page(client, url) for url in urls]
    for html in pages:
        assert "Draft reasoning" not in html and "A draft nobody may read" not in html
    assert "<mark>we lost the keys</mark>" not in pages[1] and "Published reasoning." in pages[1]
    assert 'class="quote-direct"' in pages[3] and pages[3].count("<mark") == 1
    page(client, f"/claims/{draft.pk}/", status=404)


def test_private_people_have_no_page_and_their_names_are_blacked_out(client, db):
    private = SpeakerFactory(name="Tamsin Okellagher", is_private=True)
    source = SourceFactory(body="Tamsin Okellagher said “we counted almost 700 ballots” on Monday.")
    quote = QuoteFactory(source=source, speaker=private)
    claim = ClaimFactory(claimant=private, text="Tamsin Okellagher said ballots were counted twice.")
    claim.appearances.add(quote)
    ReviewFactory(claim=claim, status="published", published_at=timezone.now(),
                  explanation="Tamsin Okellagher gave no source.")  # fmt: skip
    page(client, f"/speakers/{private.slug}/", status=404)
    for url in ("/", f"/claims/{claim.pk}/", f"/sources/{source.slug}/", "/search/?q=ballots", "/feed/",
                "/sitemap.xml", "/search/?q=Okellagher"):  # fmt: skip
        html = page(client, url)
        assert "okellagher" not in html.lower(), url
    assert "Claimant not named" in page(client, f"/claims/{claim.pk}/")
    for words in ("Tamsin Okellagher", "Okellagher ballots", "tamsin"):  # answered as for a name no one has
        absent = words.replace("Tamsin", "Quorlan").replace("tamsin", "quorlan").replace("Okellagher", "Thistlewick")
        assert page(client, f"/search/?q={words}") == page(client, f"/search/?q={absent}")
    assert "author" not in claimreview_in(page(client, f"/claims/{claim.pk}/"))["itemReviewed"]


def test_public_pages_are_cacheable_and_answer_304_to_their_etag(client, seeded, admin_client):
    response = client.get("/")
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    again = client.get("/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert admin_client.get("/")["ETag"] == response["ETag"]  # the same page for every reader
    claim = Claim.objects.get(text__startswith="Almost 700")
    first = client.get(f"/claims/{claim.pk}/")
    claim.reviews.update(explanation="Reworded after a correction.")
    assert client.get(f"/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_sitemap_lists_the_fact_checks_speakers_and_measures(client, seeded):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    reviewed = Claim.objects.filter(reviews__status="published").distinct()
    assert {f"http://testserver/claims/{c.pk}/" for c in reviewed} <= set(locations)
    assert "http://testserver/speakers/donald-trump/" in locations
    assert "http://testserver/measures/2019-mississippi-raids-detained/" in locations
    assert all(client.get(url.removeprefix("http://testserver")).status_code == 200 for url in locations)


def test_atom_feed_has_the_published_reviews(client, seeded):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", atom)
    assert len(entries) == 4
    assert (
        entries[0].find("a:title", atom).text == "True: Millions of undocumented immigrants live in the United States."
    )
    link = entries[0].find("a:link", atom).get("href")
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


def test_unknown_pages_are_html_404s_and_api_ones_stay_json(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and b"Nothing is published at this address" in response.content
    assert client.get("/api/no-such-thing/").json() == {"detail": "Not found."}
    assert client.get("/claims/999999/").status_code == 404
    assert client.get("/speakers/nobody/").status_code == 404
