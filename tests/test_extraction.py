"""The extractor on the seed article and on a sentence per rule (no database)."""

from decimal import Decimal
from pathlib import Path

import pytest

from claims.extraction import extract

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "articles" / "ice-workplace-raids-2019.txt").read_text()


def quotes(text, kinds=("direct", "partial")):
    return [q for q in extract(text).quotes if q.kind in kinds]


def only_quote(text):
    [quote] = extract(text).quotes
    return quote


def test_every_direct_quote_of_the_seed_is_found_with_its_speaker():
    found = {(q.text, q.speaker, q.kind, q.cue) for q in quotes(SEED)}
    assert found == {
        ("very good deterrent", "Donald Trump", "partial", "said"),
        ("You have to go in, you can’t let anybody know. Otherwise, when you get there, nobody will be there",
         "Donald Trump", "direct", "told reporters"),
        ("The big factor is to let people outside of the country that want to come in legally",
         "Donald Trump", "direct", "continued"),
        ("I want people to know that if they come into the United States illegally, they’re getting out. They’re "
         "going to be brought out. And this serves as a very good deterrent.", "Donald Trump", "direct", ""),
        ("the largest single-state immigration enforcement operation in our nation’s history.", "Mike Hurst",
         "partial", "called"),
        ("begin the process of removing the millions of illegal aliens who have illicitly found their way into the "
         "United States.", "Donald Trump", "partial", "saying"),
    }  # fmt: skip
    for quote in quotes(SEED):
        assert SEED[quote.start : quote.end] == quote.text


def test_seed_speakers_keep_their_roles_and_mentions():
    by_text = {q.text[:20]: q for q in extract(SEED).quotes}
    hurst = by_text["the largest single-s"]
    assert hurst.role == "U.S. Attorney for the Southern District of Mississippi"
    assert hurst.speaker_mention.endswith("Mike Hurst")
    go_in = by_text["You have to go in, y"]
    assert (go_in.speaker_mention, go_in.context) == ("he", "outside the White House")


def test_seed_indirect_attributions_name_anonymous_sources_and_the_outlet():
    indirect = {(q.speaker, q.speaker_kind, q.cue) for q in extract(SEED).quotes if q.kind == "indirect"}
    assert ("a senior immigration official", "anonymous", "added") in indirect
    assert ("a spokesperson for ICE", "anonymous", "said") in indirect
    assert ("CNN", "outlet", "According to") in indirect
    assert ("CNN", "outlet", "adds") in indirect
    assert ("Donald Trump", "person", "stressed") in indirect


def test_seed_numbers_have_the_right_intervals():
    found = {q.surface: q for q in extract(SEED).quantities}
    assert set(found) == {"almost 700", "at least two", "Over 300", "millions"}
    almost = found["almost 700"]
    assert (almost.lower, almost.upper, almost.lower_inclusive, almost.upper_inclusive) == (630, 700, True, False)
    assert almost.measured == "undocumented immigrants detained"
    assert (found["at least two"].lower, found["at least two"].upper) == (2, None)
    over = found["Over 300"]
    assert (over.lower, over.lower_inclusive, over.upper) == (300, False, None)
    assert over.measured == "detained immigrants released"
    assert (found["millions"].qualifier, found["millions"].lower) == ("order_of_magnitude", 2_000_000)
    for quantity in found.values():
        assert SEED[quantity.start : quantity.end] == quantity.surface


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "kind"),
    [
        ('"We will win," said Sen. Elizabeth Warren.', "Elizabeth Warren", "said", "direct"),
        ("“This is a disaster,” Pelosi told reporters on Tuesday.", "Pelosi", "told reporters", "direct"),
        ("Mayor Jane Smith said: “The city is safe.”", "Jane Smith", "said", "direct"),
        ("Senator Bob Casey spoke. He called the plan “a betrayal of working families.”", "Bob Casey", "called",
         "partial"),
        ("“It’s not true,” said ICE spokesperson Bryan Cox.", "Bryan Cox", "said", "direct"),
        ("“We are reviewing it,” a White House spokesperson said.", "a White House spokesperson", "said", "direct"),
        ("Maria Lopez spoke first. “We stay,” the mayor added.", None, "added", "direct"),
    ],
)  # fmt: skip
def test_direct_and_partial_quotes(text, speaker, cue, kind):
    quote = next(q for q in extract(text).quotes if q.kind != "indirect")
    assert (quote.speaker, quote.cue, quote.kind) == (speaker, cue, kind)


def test_quote_split_by_its_attribution_is_two_direct_quotes_of_one_speaker():
    text = "Joe Biden spoke. “We have to act,” he said, “before it is too late.”"
    first, second = quotes(text)
    assert (first.text, second.text) == ("We have to act", "before it is too late.")
    assert first.speaker == second.speaker == "Joe Biden"
    assert second.kind == "direct"


def test_quote_without_cue_stays_with_the_previous_speaker():
    text = "“We will rebuild,” Biden said. “And we will do it together.”\n\n“Nobody else will.”"
    first, second, third = quotes(text)
    assert first.speaker == second.speaker == third.speaker == "Biden"
    assert (second.cue, third.cue) == ("", "")


def test_pronoun_with_nobody_before_it_stays_unresolved():
    quote = only_quote("“Nobody else will,” she added.")
    assert (quote.speaker, quote.speaker_mention) == (None, "she")


def test_quote_running_over_paragraphs_is_attributed_at_its_end():
    text = "Governor Tate Reeves spoke.\n\n“The first part of it.\n\n“The second part,” he added."
    first, second = quotes(text)
    assert first.text == "The first part of it." and first.speaker == second.speaker == "Tate Reeves"


def test_short_forms_and_titles_resolve_to_the_person_named_before():
    text = ("President Donald Trump visited Ohio. “It was great,” Trump said. "
            "Later the President added, “We will be back.”")  # fmt: skip
    assert [q.speaker for q in quotes(text)] == ["Donald Trump", "Donald Trump"]


def test_pronoun_resolves_to_the_last_subject():
    text = "Sen. Lisa Murkowski met voters on Monday. On Tuesday, she told reporters, “I will vote no.”"
    assert only_quote(text).speaker == "Lisa Murkowski"


def test_anonymous_sources_are_never_merged_with_named_people():
    text = ("Kevin McCarthy spoke. “No deal,” a senior aide said. “We are close,” the aide added. "
            "“It is done,” McCarthy said.")  # fmt: skip
    speakers = [(q.speaker, q.speaker_kind) for q in quotes(text)]
    assert speakers == [("a senior aide", "anonymous"), ("a senior aide", "anonymous"), ("Kevin McCarthy", "person")]


def test_outlets_are_recognised():
    first = only_quote("The deal is close to being signed, according to The Washington Post.")
    assert (first.speaker, first.speaker_kind, first.kind) == ("Washington Post", "outlet", "indirect")
    second = extract("CNN reported the story. The talks failed, the outlet adds, after a long night of talks.").quotes
    assert [(q.speaker, q.speaker_kind) for q in second] == [("CNN", "outlet")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Donald Trump said that he would sign the bill next week.", "he would sign the bill next week"),
        ("The official added that the raids would continue.", "the raids would continue"),
        ("Officials said Tuesday that the program would expand.", "the program would expand"),
        ("Over 300 detainees were released by Thursday, said a spokesperson for ICE.",
         "Over 300 detainees were released by Thursday"),
        ("According to a source familiar with the talks, the deal is close.", "the deal is close"),
    ],
)  # fmt: skip
def test_indirect_attributions_span_the_reported_content(text, content):
    quote = only_quote(text)
    assert quote.kind == "indirect" and quote.text == content and text[quote.start : quote.end] == content


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “caravan” reached the border.",
        "The film “The Big Short” was released in 2015.",
        "She wrote a book titled “Becoming Myself Today.”",
        "The show “Saturday Night Live” mocked him.",
        "Critics dubbed it the “Muslim ban” last year.",
        "He read “Moby Dick” twice.",
        "A program called “Secure Communities” began in 2008.",
        "Joe “Bull” Smith arrived.",
    ],
)
def test_titles_names_slogans_and_scare_quotes_are_not_quotes(text):
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "surface", "qualifier", "lower", "upper"),
    [
        ("They hired seven hundred people.", "seven hundred", "exact", 700, 700),
        ("It cost $1.2 million.", "$1.2 million", "exact", 1_200_000, 1_200_000),
        ("Nearly 40 percent agreed.", "Nearly 40 percent", "almost", 36, 40),
        ("Roughly 2,000 workers lost jobs.", "Roughly 2,000", "about", 1800, 2200),
        ("More than 100 people were arrested.", "More than 100", "over", 100, None),
        ("Fewer than 50 students came.", "Fewer than 50", "under", 0, 50),
        ("They were held for up to 30 days.", "up to 30", "up_to", 0, 30),
        ("At most 12 agents went.", "At most 12", "at_most", 0, 12),
        ("Between 10 and 20 percent of voters agreed.", "Between 10 and 20 percent", "between", 10, 20),
        ("About 5,000 marched.", "About 5,000", "about", 4500, 5500),
        ("Thousands of children were separated.", "Thousands", "order_of_magnitude", 2000, 10_000),
        ("It has 300 or more officers.", "300 or more", "at_least", 300, None),
        ("A dozen agents arrived.", "A dozen", "exact", 12, 12),
    ],
)
def test_hedged_numbers(text, surface, qualifier, lower, upper):
    [quantity] = extract(text).quantities
    assert (quantity.surface, quantity.qualifier) == (surface, qualifier)
    assert (quantity.lower, quantity.upper) == (
        None if lower is None else Decimal(lower), None if upper is None else Decimal(upper))  # fmt: skip


def test_counted_noun_and_what_is_measured():
    [quantity] = extract("More than 100 people were arrested at the plant.").quantities
    assert (quantity.unit, quantity.measured) == ("people", "people arrested")


@pytest.mark.parametrize(
    "text",
    [
        "The raids happened in 2019.",
        "The 2019 raids were large.",
        "It happened on August 7, 2019.",
        "It happened on 7 August.",
        "Call 555-123-4567 or (601) 555-0100.",
        "On the 7th, the first raid began at 10:30 a.m.",
        "COVID-19 and Section 230 were discussed on 9/11.",
        "No one knows; one of them left.",
    ],
)
def test_years_dates_ordinals_and_phone_numbers_are_not_quantities(text):
    assert extract(text).quantities == []


def test_json_shape_of_the_command():
    shape = extract(SEED).as_json()
    assert set(shape) == {"quotes", "quantities"}
    assert set(shape["quotes"][0]) == {"text", "kind", "cue", "speaker", "speaker_mention", "start", "end"}
    assert set(shape["quantities"][0]) == {"surface", "qualifier", "value", "lower", "upper", "lower_inclusive",
                                           "upper_inclusive", "unit", "measured", "start", "end"}  # fmt: skip
    almost = next(q for q in shape["quantities"] if q["surface"] == "almost 700")
    assert (almost["value"], almost["lower"], almost["upper"]) == (700, 630, 700)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "“",
        "”",
        '"',
        "“unclosed " * 1000,
        '" ' * 5000,
        "\x00said “x”",
        "\ud800 said “lone surrogate”",
        "😀 said, “emoji 😀 here.”",
        "...," * 3000,
        "said said said, “” ,”,“",
    ],
)
def test_hostile_text_never_raises_and_offsets_stay_inside(text):
    result = extract(text)
    for item in [*result.quotes, *result.quantities]:
        assert 0 <= item.start < item.end <= len(text)


@pytest.mark.parametrize(
    "unit", ["“He said ", '" ,', ".,;:!?—", "almost 700 over 300 at least two ", "said told according to "]
)
def test_a_hostile_megabyte_is_read_without_error(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    result = extract(text)
    assert all(0 <= q.start < q.end <= len(text) for q in [*result.quotes, *result.quantities])


@pytest.mark.parametrize(
    ("text", "surface", "lower", "upper"),
    [
        ("They counted 1323–1423 K in the core.", "1323–1423", 1323, 1423),
        ("About 20 to 30 people came.", "20 to 30", 20, 30),
        ("It lies between 185 km and 215 km away.", "between 185 km and 215", 185, 215),
        ("Between 1 and 2 million people voted.", "Between 1 and 2 million", 1_000_000, 2_000_000),
        ("Some 1–2 million people voted.", "1–2 million", 1_000_000, 2_000_000),
        ("Doses of 0.5-1.5 mg were given.", "0.5-1.5", Decimal("0.5"), Decimal("1.5")),
        ("It ranged from 5 to 10 metres.", "5 to 10", 5, 10),
        ("Nights were −14 to −10 °C.", "−14 to −10", -14, -10),
        ("Between 20% and 30% of them agreed.", "Between 20% and 30%", 20, 30),
        ("A length of 5.2 ± 0.3 mm.", "5.2 ± 0.3", Decimal("4.9"), Decimal("5.5")),
        ("A length of 5.2 +/- 0.3 mm.", "5.2 +/- 0.3", Decimal("4.9"), Decimal("5.5")),
    ],
)
def test_ranges_and_tolerances_are_one_interval(text, surface, lower, upper):
    [quantity] = extract(text).quantities
    assert (quantity.surface, quantity.qualifier) == (surface, "between")
    assert (quantity.lower, quantity.upper) == (Decimal(lower), Decimal(upper))


@pytest.mark.parametrize(("symbol", "qualifier"), [("~", "about"), ("≈", "about"), ("<", "under"), (">", "over"),
                                                   ("≤", "at_most"), ("≥", "at_least"), ("<=", "at_most")])  # fmt: skip
@pytest.mark.parametrize("space", ["", " "])
@pytest.mark.parametrize("number", ["5", "0.05", "1,200"])
def test_a_symbol_before_a_number_is_its_hedge(symbol, qualifier, space, number):
    [quantity] = extract(f"The value was {symbol}{space}{number} in every sample.").quantities
    assert (quantity.surface, quantity.qualifier) == (f"{symbol}{space}{number}", qualifier)


@pytest.mark.parametrize(
    ("text", "qualifier", "lower", "upper"),
    [
        ("It affects not more than 0.65% of voters.", "at_most", 0, Decimal("0.65")),
        ("It affects not less than 40 schools.", "at_least", 40, None),
        ("It fell to −14 degrees.", "exact", -14, -14),
        ("It fell to -3.5 percent.", "exact", Decimal("-3.5"), Decimal("-3.5")),
        ("They paid 10 000 dollars.", "exact", 10_000, 10_000),
        ("They paid 10\u202f000 dollars.", "exact", 10_000, 10_000),
        ("They walked two and a half miles.", "exact", Decimal("2.5"), Decimal("2.5")),
        ("Two thirds of voters agreed.", "exact", Decimal("0.6667"), Decimal("0.6667")),
        ("A third of voters agreed.", "exact", Decimal("0.3333"), Decimal("0.3333")),
        ("One-third of voters agreed.", "exact", Decimal("0.3333"), Decimal("0.3333")),
        ("One quarter of voters agreed.", "exact", Decimal("0.25"), Decimal("0.25")),
        ("Add 1½ cups.", "exact", Decimal("1.5"), Decimal("1.5")),
        ("Hundreds of people came.", "order_of_magnitude", 200, 1000),
        ("Tens of thousands of people came.", "order_of_magnitude", 20_000, 100_000),
        ("It cost $1.2bn.", "exact", 1_200_000_000, 1_200_000_000),
        ("The 1500b sample was kept.", "exact", 1500, 1500),  # no currency: no scale
    ],
)
def test_signs_negations_separators_fractions_and_magnitudes(text, qualifier, lower, upper):
    [quantity] = extract(text).quantities
    assert quantity.qualifier == qualifier
    assert (quantity.lower, quantity.upper) == (
        None if lower is None else Decimal(lower), None if upper is None else Decimal(upper))  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["The law has stood since 1789.", "SB 1070 passed the Senate.", "H.R. 1 passed.", "In 1990-2000 they grew.",
     "The 2019-08-07 raid.", "They won 3-2.", "FiveThirtyEight and ninetynine TwentyOne."],
)  # fmt: skip
def test_years_bills_scores_and_names_are_not_quantities(text):
    assert extract(text).quantities == []


def test_a_change_from_one_number_to_another_is_two_numbers():
    assert [q.surface for q in extract("It rose from 20 to 30 percent.").quantities] == ["20", "30 percent"]


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("The core runs from 2605 m to 2634 m.", 2605, 2634),
        ("The depth was between 11.8 m and 11.5 m.", Decimal("11.5"), Decimal("11.8")),
        ("Values fell in a band of −25.9 to −26.5 per mil.", Decimal("-26.5"), Decimal("-25.9")),
        ("Sizes ranged from 11.4% to 2.4%.", Decimal("2.4"), Decimal("11.4")),
    ],
)
def test_ranges_written_from_or_high_to_low_are_one_interval(text, lower, upper):
    [quantity] = extract(text).quantities
    assert (quantity.qualifier, quantity.lower, quantity.upper) == ("between", Decimal(lower), Decimal(upper))


@pytest.mark.parametrize("text", ["Turnout increased by 22% from 48 to 59 percent.", "Prices dropped from 30 to 20."])
def test_a_change_after_a_verb_of_change_stays_two_numbers(text):
    assert all(q.qualifier != "between" for q in extract(text).quantities)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("“That is her husband,” another child responded.", "another child"),
        ("Another child responded, “That is her husband.”", "Another child"),
        ("“It’s a dog whistle to all Americans,” Rep. Gwen Moore (D-Wis.) said Friday.", "Rep. Gwen Moore"),
        ("While debating the nominees, a friend commented: “Immigration is the most important reason.”", "a friend"),
    ],
)
def test_a_described_speaker_is_kept_as_written(text, mention):
    [quote] = [q for q in extract(text).quotes if q.kind != "indirect"]
    assert quote.speaker_mention == mention


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("Clinton called her vote a mistake, but she noted that Trump also supported the invasion.",
         ["her vote a mistake", "Trump also supported the invasion"]),
        ("Fellow Republicans are urging Trump to make the debate a game-changer.",
         ["Trump to make the debate a game-changer"]),
        ("She said Republican Donald Trump favors a “strongman approach.”",
         ["Republican Donald Trump favors a “strongman approach.”", "a “strongman approach.”"]),
        ("Acts of protest, Mr. Obama said, are acts of patriotism in a free country.",
         ["Acts of protest", "are acts of patriotism in a free country"]),
    ],
)  # fmt: skip
def test_reported_speech_is_found_in_every_sentence(text, contents):
    assert [q.text for q in extract(text).quotes if q.kind == "indirect"] == contents


def test_a_closing_mark_typed_to_open_a_quote_opens_it():
    [quote] = [
        q
        for q in extract("”Fear. I am truly afraid that he will win.” ― Edwin G. Monroy").quotes
        if q.kind != "indirect"
    ]
    assert (quote.kind, quote.text, quote.speaker) == (
        "direct",
        "Fear. I am truly afraid that he will win.",
        "Edwin G. Monroy",
    )
