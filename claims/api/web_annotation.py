"""Quotes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/)."""

from claims.models import Quote
from claims.querysets import named_to


def web_annotation(quote: Quote, *, annotation_id: str, source_id: str) -> dict:
    target = {
        "source": source_id,
        "selector": [
            {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix},
            {"type": "TextPositionSelector", "start": quote.start, "end": quote.end},
        ],
    }
    source = quote.source
    if source.archive_url or source.retrieved_at:
        target["state"] = {"type": "TimeState"}
        if source.retrieved_at:
            target["state"]["sourceDate"] = source.retrieved_at.isoformat()
        if source.archive_url:
            target["state"]["cached"] = source.archive_url
    # An annotation is a record for anyone to keep: it names the speaker as the public may read it.
    speaker = quote.speaker.name if named_to(quote.speaker, None) else "an unnamed speaker"
    cue = f", cue “{quote.cue}”" if quote.cue else ""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": annotation_id,
        "type": "Annotation",
        "motivation": "identifying",
        "created": quote.created_at.isoformat(),
        "modified": quote.updated_at.isoformat(),
        "body": {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": f"{quote.get_kind_display()} quote of {speaker}{cue}",
        },  # fmt: skip
        "target": target,
    }
