"""The made-up question sets and providers of SCORING.md worked examples (d) and (e).

Year 1's set and year 2's, which maps to it; acute trust A and mental health trust B with the
answers of example (d); mental health trusts C, D and E of example (e); F, which submitted in
year 2 only. Every assessment is submitted and scored.
"""

from dataclasses import dataclass

from accounts.enums import OrganisationKind
from maturity.models import Answer, Assessment, Question, QuestionSet, Section, Theme
from maturity.services.figures import recompute_figures
from tests.factories import CycleFactory, OrganisationFactory

AGREE = {
    0: "disagree_completely",
    25: "mostly_disagree",
    50: "neither",
    75: "mostly_agree",
    100: "agree_completely",
}
PERCENT = {0: "0", 20: "1_20", 40: "21_40", 60: "41_60", 80: "61_80", 100: "81_100"}
NA = "not_applicable"

# (section, theme, [(code, scale, same_as, care settings)]) of each year's set, in order.
YEAR_1 = [
    ("readiness", "leadership", [("L1",), ("L2",), ("L3",)]),
    ("readiness", "governance", [("G1",), ("G2",)]),
    ("capabilities", "transfers_of_care", [("T1",), ("T2",)]),
    ("capabilities", "medicines", [("M1",), ("M2",)]),
    ("capabilities", "decision_support", [("D1",), ("D2", "percentage")]),
]
YEAR_2 = [
    ("readiness", "leadership", [("L1",), ("L2",), ("L3",)]),
    ("readiness", "governance", [("G1",), ("G2",)]),
    ("capabilities", "transfers_of_care", [("T1",), ("T2",), ("T3", "agreement", "", "acute")]),
    ("capabilities", "medicines", [("M1",), ("M3", "agreement", "")]),
    ("capabilities", "decision_support", [("D1",), ("D2", "percentage")]),
]
TITLES = {
    "readiness": "Readiness",
    "capabilities": "Capabilities",
    "leadership": "Leadership",
    "governance": "Governance",
    "transfers_of_care": "Transfers of care",
    "medicines": "Medicines",
    "decision_support": "Decision support",
}


def _scores(**scores):
    """Answers as scores: D2 on percentage bands, "na" for not applicable, the rest agreement."""
    return {
        code: NA if score == "na" else (PERCENT if code == "D2" else AGREE)[score]
        for code, score in scores.items()
    }


# Example (d): provider A's answers; B answers the same without T3.
A_YEAR_1 = _scores(
    L1=75, L2=50, L3=75, G1=25, G2="na", T1=50, T2=75, M1=25, M2=0, D1=50, D2=100
)  # fmt: skip
A_YEAR_2 = _scores(
    L1=100, L2=75, L3="na", G1=75, G2=75, T1=75, T2=100, T3=50, M1=50, M3=100, D1=75, D2=80
)  # fmt: skip


def _everything(codes, agreement, d2):
    return _scores(**{code: d2 if code == "D2" else agreement for code in codes})


YEAR_1_CODES = [q[0] for _s, _t, questions in YEAR_1 for q in questions]
YEAR_2_MH_CODES = [q[0] for _s, _t, questions in YEAR_2 for q in questions if q[0] != "T3"]
# Example (e): C, D and E answer every agreement question alike, and D2 as shown.
NATIONAL = {
    "C": (_everything(YEAR_1_CODES, 50, 60), _everything(YEAR_2_MH_CODES, 75, 80)),
    "D": (_everything(YEAR_1_CODES, 25, 20), _everything(YEAR_2_MH_CODES, 50, 40)),
    "E": (_everything(YEAR_1_CODES, 100, 100), _everything(YEAR_2_MH_CODES, 75, 100)),
}


def build_set(code, layout, *, maps_to=""):
    question_set = QuestionSet.objects.create(
        code=code,
        version=1,
        title=f"Question set {code}",
        source_sha256="0" * 64,
        maps_to_code=maps_to,
    )
    sections = {}
    for order, (section_code, theme_code, questions) in enumerate(layout, start=1):
        if section_code not in sections:
            sections[section_code] = Section.objects.create(
                question_set=question_set,
                code=section_code,
                title=TITLES[section_code],
                order=len(sections) + 1,
            )
        theme = Theme.objects.create(
            section=sections[section_code], code=theme_code, title=TITLES[theme_code], order=order
        )
        for number, (question_code, *more) in enumerate(questions, start=1):
            scale = more[0] if more else "agreement"
            same_as = more[1] if len(more) > 1 else (question_code if maps_to else "")
            settings = more[2] if len(more) > 2 else ""
            Question.objects.create(
                question_set=question_set,
                theme=theme,
                code=question_code,
                text=f"Question {question_code} of {code}.",
                scale=scale,
                allows_not_applicable=True,
                order=number,
                same_as=same_as,
                care_settings=f"|{settings}|" if settings else "",
            )
    return question_set


def submitted(organisation, cycle, question_set, answers, *, care_setting):
    assessment = Assessment.objects.create(
        organisation=organisation,
        cycle=cycle,
        question_set=question_set,
        care_setting=care_setting,
        state="submitted",
    )
    questions = dict(Question.objects.filter(question_set=question_set).values_list("code", "pk"))
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=questions[code], option=option)
        for code, option in answers.items()
    )
    return assessment


@dataclass
class YearOnYearWorld:
    year_1: object
    year_2: object
    set_1: object
    set_2: object
    providers: dict
    later: dict
    earlier: dict


def build_world(*, national=True):
    """Example (d), and with ``national`` example (e): returns the world."""
    year_1, year_2 = CycleFactory(name="Year 1"), CycleFactory(name="Year 2")
    set_1 = build_set("year-1", YEAR_1)
    set_2 = build_set("year-2", YEAR_2, maps_to="year-1")
    plan = {
        "A": ("acute", A_YEAR_1, A_YEAR_2),
        "B": ("mental_health", A_YEAR_1, {k: v for k, v in A_YEAR_2.items() if k != "T3"}),
    }
    if national:
        plan |= {name: ("mental_health", *answers) for name, answers in NATIONAL.items()}
        plan["F"] = ("mental_health", None, NATIONAL["C"][1])
    providers, later, earlier = {}, {}, {}
    for name, (setting, first, second) in plan.items():
        providers[name] = OrganisationFactory(
            kind=OrganisationKind.NHS_TRUST, name=f"Provider {name}", trust_type=setting
        )
        if first is not None:
            earlier[name] = submitted(providers[name], year_1, set_1, first, care_setting=setting)
        later[name] = submitted(providers[name], year_2, set_2, second, care_setting=setting)
    recompute_figures(cycle=year_1)
    recompute_figures(cycle=year_2)
    return YearOnYearWorld(year_1, year_2, set_1, set_2, providers, later, earlier)
