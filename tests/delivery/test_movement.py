"""Movement between two reporting periods, on a made-up four-quarter history: improved,
worsened and unchanged count as movement; a footprint that joins late or misses a return is
new or missing, never change. Self and assured ratings are compared separately."""

from delivery.selectors.movement import (
    IMPROVED,
    MISSING,
    NEW,
    UNCHANGED,
    WORSENED,
    Move,
    movement,
)

G, AG, A, AR, R = "green", "amber_green", "amber", "amber_red", "red"
QUARTERS = ("Q1", "Q2", "Q3", "Q4")

# Each footprint's rating in Q1 to Q4; None: no rating that quarter.
SELF = {
    "Leeds": (G, AG, A, A),
    "York": (A, A, AG, G),
    "Durham": (R, AR, AR, R),
    # Its roadmap was accepted late: it joins in Q3.
    "Camden": (None, None, A, AG),
    # It missed Q3's return.
    "Islington": (AG, AG, None, A),
    "Wakefield": (G, G, G, G),
}
ASSURED = {
    "Leeds": (AG, A, A, AR),
    "York": (A, A, A, AG),
    "Durham": (R, R, AR, R),
    "Camden": (None, None, AR, A),
    "Islington": (A, A, None, AR),
    "Wakefield": (G, AG, G, G),
}


def quarter(history, name):
    index = QUARTERS.index(name)
    return {footprint: ratings[index] for footprint, ratings in history.items()}


def counts(history, before, after):
    result = movement(quarter(history, before), quarter(history, after)).counts
    return (
        result[IMPROVED], result[WORSENED], result[UNCHANGED], result[NEW], result[MISSING]
    )  # fmt: skip


def test_self_ratings_move_between_each_pair_of_quarters():
    # (improved, worsened, unchanged, new, missing)
    assert counts(SELF, "Q1", "Q2") == (1, 1, 3, 0, 0)
    assert counts(SELF, "Q2", "Q3") == (1, 1, 2, 1, 1)
    assert counts(SELF, "Q3", "Q4") == (2, 1, 2, 1, 0)


def test_assured_ratings_move_on_their_own():
    assert counts(ASSURED, "Q1", "Q2") == (0, 2, 3, 0, 0)
    assert counts(ASSURED, "Q2", "Q3") == (2, 0, 2, 1, 1)
    assert counts(ASSURED, "Q3", "Q4") == (2, 2, 1, 1, 0)


def test_joining_late_and_missing_a_return_are_never_counted_as_change():
    q2_q3 = movement(quarter(SELF, "Q2"), quarter(SELF, "Q3"))
    q3_q4 = movement(quarter(SELF, "Q3"), quarter(SELF, "Q4"))

    assert q2_q3.changed == 2
    assert (q2_q3.moves["Camden"].category, q2_q3.moves["Islington"].category) == (NEW, MISSING)
    assert q3_q4.moves["Islington"].category == NEW
    # Camden had no rating in Q1 or Q2: it is not in the movement between them at all.
    assert "Camden" not in movement(quarter(SELF, "Q1"), quarter(SELF, "Q2")).moves


def test_each_footprints_move_is_said_in_words():
    q2_q3 = movement(quarter(SELF, "Q2"), quarter(SELF, "Q3")).moves

    assert {name: move.words for name, move in q2_q3.items()} == {
        "Leeds": "Worsened from Amber/Green to Amber",
        "York": "Improved from Amber to Amber/Green",
        "Durham": "Unchanged at Amber/Red",
        "Camden": "New at Amber",
        "Islington": "Missing (was Amber/Green)",
        "Wakefield": "Unchanged at Green",
    }
    assert Move(G, A).words == "Worsened from Green to Amber"
    assert Move(None, None).words == "No rating"


def test_an_empty_rating_counts_as_no_rating():
    assert movement({"Leeds": ""}, {"Leeds": A}).counts[NEW] == 1
