"""Conflicting writes raced against a real server: exactly one wins, or both are compatible, and the
final row and its history agree with every answer sent.

Each round takes a claim in review at its first version and sends two writes at once from two
threads (a barrier releases them together) to gunicorn with 3 workers, as the Dockerfile runs it.
Every pair of writes is tried: an update, a delete, and each workflow move out of "in review",
each with the real ETag and with `If-Match: *`.
"""

import itertools
import threading

import pytest
import requests
from rest_framework.authtoken.models import Token

from claims.models import Claim, ClaimStatusChange, Review
from tests.factories import ClaimFactory, RatingFactory, ReviewFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

ROUNDS = 50
AT_ONCE = 5  # rounds in flight together, each on a claim of its own
# name -> (method, path suffix, body, role); each is a write to one claim in review.
WRITES = {
    "update": ("PATCH", "", "text", "editor"),
    "delete": ("DELETE", "", None, "admin"),  # no role deletes claims; a superuser may
    "publish": ("POST", "transition/", {"status": "published"}, "reviewer"),
    "send back": ("POST", "transition/", {"status": "draft"}, "editor"),
}
OPERATIONS = [(name, tag) for name in WRITES for tag in ("etag", "*")]
PAIRS = list(itertools.combinations_with_replacement(OPERATIONS, 2))


@pytest.fixture(scope="module")
def server(gunicorn):
    """The app as the Dockerfile runs it (gunicorn, 3 workers), with no rate limit for the rounds."""
    return gunicorn(DJANGO_THROTTLE_USER="1000000/minute")


@pytest.fixture
def sessions(server, roles, editor, reviewer, admin_user):
    def session(user):
        client = requests.Session()
        client.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
        return client

    return {"editor": session(editor), "reviewer": session(reviewer), "admin": session(admin_user)}


def send(sessions, server, claim_id, operation, etag, n):
    name, tag = operation
    method, suffix, body, role = WRITES[name]
    if body == "text":
        body = {"text": f"Reworded by write {n}."}
    headers = {"If-Match": etag if tag == "etag" else "*"}
    url = f"{server}/api/claims/{claim_id}/{suffix}"
    return sessions[role].request(method, url, json=body, headers=headers, timeout=30)


def race(sessions, server, claim, first, second):
    """Both writes at once, each based on the claim's first version (ETag "1")."""
    barrier = threading.Barrier(2)
    answers = [None, None]

    def run(i, operation):
        barrier.wait()
        answers[i] = send(sessions, server, claim.id, operation, '"1"', i)

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate((first, second))]
    for thread in threads:
        thread.start()
    return threads, answers


def check_round(claim, operations, answers):
    """The answers, the final row and its history tell one story."""
    statuses = [answer.status_code for answer in answers]
    assert all(status in (200, 204, 404, 409, 412) for status in statuses), statuses
    won = [(op, answer) for op, answer in zip(operations, answers, strict=True) if answer.status_code < 300]
    assert won, f"neither write succeeded: {statuses}"
    if [tag for (_, tag), _ in won].count("etag") > 1:
        pytest.fail(f"two writes based on the same version both succeeded: {operations} -> {statuses}")
    history = list(Claim.history.filter(id=claim.id).order_by("history_id"))
    kinds = "".join(record.history_type for record in history)
    assert kinds == "+" + "~" * (len(history) - 1 - ("-" in kinds)) + "-" * ("-" in kinds), kinds
    assert len(history) - 1 == len(won), f"{len(won)} writes acknowledged, history {kinds}"
    deleted = any(op[0] == "delete" for op, _ in won)
    row = Claim.objects.filter(pk=claim.pk).first()
    if deleted:
        assert row is None and kinds.endswith("-"), f"an acknowledged delete was undone: {kinds}"
        return
    moves = list(ClaimStatusChange.objects.filter(claim_id=claim.pk).order_by("id"))
    assert len(moves) == sum(op[0] in ("publish", "send back") for op, _ in won)
    assert row.status == (moves[-1].to_status if moves else Claim.Status.IN_REVIEW), "a move was undone"
    assert (row.text, row.status, row.version) == (history[-1].text, history[-1].status, history[-1].version)
    for (name, _), answer in won:
        if name == "update":
            assert any(record.text == answer.json()["text"] for record in history[1:])
    etags = sorted(answer.headers["ETag"] for _, answer in won)
    assert len(set(etags)) == len(etags), "two acknowledged writes claim the same version"


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a[0]}({a[1]})-{b[0]}({b[1]})" for a, b in PAIRS])
def test_conflicting_writes_never_both_win_or_undo_each_other(sessions, server, first, second):
    claims = ClaimFactory.create_batch(ROUNDS, status=Claim.Status.IN_REVIEW)
    assert sessions["editor"].get(f"{server}/api/claims/{claims[0].id}/").headers["ETag"] == '"1"'
    for batch in (claims[i : i + AT_ONCE] for i in range(0, ROUNDS, AT_ONCE)):
        rounds = [(claim, *race(sessions, server, claim, first, second)) for claim in batch]
        for claim, threads, answers in rounds:
            for thread in threads:
                thread.join()
            check_round(claim, (first, second), answers)


# The same for a review drafted with a rating and an explanation: name -> (method, path suffix, body, role).
REVIEW_WRITES = {
    "update": ("PATCH", "", "explanation", "reviewer"),
    "delete": ("DELETE", "", None, "admin"),
    "publish": ("POST", "publish/", None, "reviewer"),
}
REVIEW_OPERATIONS = [(name, tag) for name in REVIEW_WRITES for tag in ("etag", "*")]
REVIEW_PAIRS = list(itertools.combinations_with_replacement(REVIEW_OPERATIONS, 2))


def send_review(sessions, server, review_id, operation, n):
    name, tag = operation
    method, suffix, body, role = REVIEW_WRITES[name]
    if body == "explanation":
        body = {"explanation": f"Explained by write {n}."}
    headers = {"If-Match": '"1"' if tag == "etag" else "*"}
    return sessions[role].request(method, f"{server}/api/reviews/{review_id}/{suffix}", json=body, headers=headers,
                                  timeout=30)  # fmt: skip


def check_review_round(review, operations, answers):
    statuses = [answer.status_code for answer in answers]
    # 400: an update that found the review published meanwhile (a published verdict changes with a note)
    assert all(status in (200, 204, 400, 404, 409, 412) for status in statuses), statuses
    won = [(op, answer) for op, answer in zip(operations, answers, strict=True) if answer.status_code < 300]
    assert won, f"neither write succeeded: {statuses}"
    if [tag for (_, tag), _ in won].count("etag") > 1:
        pytest.fail(f"two writes based on the same version both succeeded: {operations} -> {statuses}")
    assert [name for (name, _), _ in won].count("publish") <= 1, f"published twice: {statuses}"
    history = list(Review.history.filter(id=review.id).order_by("history_id"))
    kinds = "".join(record.history_type for record in history)
    assert kinds == "+" + "~" * (len(history) - 1 - ("-" in kinds)) + "-" * ("-" in kinds), kinds
    assert len(history) - 1 == len(won), f"{len(won)} writes acknowledged, history {kinds}"
    row = Review.objects.filter(pk=review.pk).first()
    if any(name == "delete" for (name, _), _ in won):
        assert row is None, f"an acknowledged delete was undone: {kinds}"
        return
    published = any(name == "publish" for (name, _), _ in won)
    assert row.status == (Review.Status.PUBLISHED if published else Review.Status.DRAFT), "a publication was undone"
    assert sum(record.status == Review.Status.PUBLISHED and record.history_type == "~" and
               (before.status != Review.Status.PUBLISHED)
               for before, record in itertools.pairwise(history)) == int(published)  # fmt: skip
    assert (row.explanation, row.status, row.version) == (history[-1].explanation, history[-1].status,
                                                          history[-1].version)  # fmt: skip
    for (name, _), answer in won:
        if name == "update":
            assert any(record.explanation == answer.json()["explanation"] for record in history[1:])


@pytest.mark.parametrize(("first", "second"), REVIEW_PAIRS,
                         ids=[f"review-{a[0]}({a[1]})-{b[0]}({b[1]})" for a, b in REVIEW_PAIRS])  # fmt: skip
def test_conflicting_review_writes_never_both_win_or_publish_twice(sessions, server, first, second):
    rating = RatingFactory()
    reviews = [ReviewFactory(claim=ClaimFactory(), rating=rating) for _ in range(ROUNDS)]
    for batch in (reviews[i : i + AT_ONCE] for i in range(0, ROUNDS, AT_ONCE)):
        rounds = []
        for review in batch:
            barrier, answers = threading.Barrier(2), [None, None]

            def run(i, operation, review=review, barrier=barrier, answers=answers):
                barrier.wait()
                answers[i] = send_review(sessions, server, review.id, operation, i)

            threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate((first, second))]
            for thread in threads:
                thread.start()
            rounds.append((review, threads, answers))
        for review, threads, answers in rounds:
            for thread in threads:
                thread.join()
            check_review_round(review, (first, second), answers)
