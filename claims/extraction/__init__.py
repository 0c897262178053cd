"""Suggest what an editor would mark in a document: quotes with their speakers, hedged numbers.

Pure Python with no Django import: ``extract(text)`` takes a text and returns dataclasses whose
offsets are Unicode code points into that text, end exclusive. Rules, not a model: nothing is
downloaded at run time, and a document is read in one pass (linear time).
"""

from dataclasses import asdict, dataclass, field

from claims.extraction.entities import EntityTracker
from claims.extraction.quantities import QuantitySuggestion, find_quantities
from claims.extraction.quotes import QuoteSuggestion, find_quotes

VERSION = "1"
EXTRACTOR = f"rule:{VERSION}"


@dataclass
class Extraction:
    quotes: list[QuoteSuggestion] = field(default_factory=list)
    quantities: list[QuantitySuggestion] = field(default_factory=list)

    def as_json(self) -> dict:
        """The documented JSON shape of `manage.py extract`."""
        quote_keys = ("text", "kind", "cue", "speaker", "speaker_mention", "start", "end")
        quantity_keys = ("surface", "qualifier", "value", "lower", "upper", "lower_inclusive", "upper_inclusive",
                         "unit", "measured", "start", "end")  # fmt: skip
        return {
            "quotes": [{k: v for k, v in asdict(q).items() if k in quote_keys} for q in self.quotes],
            "quantities": [{k: _plain(v) for k, v in asdict(q).items() if k in quantity_keys} for q in self.quantities],
        }


def _plain(value):
    """Decimals as JSON numbers: integers stay integers."""
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (bool, int, float)):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def extract(text: str) -> Extraction:
    if not isinstance(text, str):
        raise TypeError("extract() takes a str")
    text = text.replace("\x00", " ") if "\x00" in text else text
    return Extraction(quotes=find_quotes(text, EntityTracker()), quantities=find_quantities(text))


__all__ = ["EXTRACTOR", "VERSION", "Extraction", "QuantitySuggestion", "QuoteSuggestion", "extract"]
