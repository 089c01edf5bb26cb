"""A self-assessment theme page: its GET and its save, against the floor.

Signed in as the editors of trusts whose assessment is in progress, each client on its own
assessment, on the theme with the most questions. The save is the autosave request the
page makes as people answer (``X-Autosave: 1``): every question of the theme answered,
with the version the previous save returned, so each save is accepted and changes a
comment; only the saves are timed.

Goals (median throughput of interleaved rounds): GET >= 0.33 of the floor's, save >= 0.25.

    .venv/bin/python bench/theme_page.py [--rounds 5] [--seconds 3] [--clients 4]
"""

import itertools
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

GET_GOAL = 0.33
SAVE_GOAL = 0.25


def answering_targets(count):
    """Up to ``count`` ``(editor email, assessment id, theme code, answers)`` on distinct
    in-progress assessments, each on the question set's biggest theme. ``answers`` is every
    question of the theme with its saved option (or the first one) and comment."""
    from django.db.models import Count

    from accounts.enums import Role
    from accounts.models import Membership
    from maturity.enums import AssessmentState
    from maturity.forms import question_choices
    from maturity.models import Answer, Assessment, Theme

    targets = []
    # In progress first; one not yet started moves to in progress at its first save.
    assessments = itertools.chain(
        Assessment.objects.filter(state=AssessmentState.IN_PROGRESS).order_by("pk"),
        Assessment.objects.filter(state=AssessmentState.NOT_STARTED).order_by("pk"),
    )
    for assessment in assessments:
        editor = (
            Membership.objects.filter(
                organisation_id=assessment.organisation_id, role=Role.EDITOR, user__is_active=True
            )
            .values_list("user__email", flat=True)
            .order_by("user_id")
            .first()
        )
        if editor is None:
            continue
        theme = (
            Theme.objects.filter(section__question_set=assessment.question_set_id)
            .annotate(size=Count("questions"))
            .order_by("-size", "pk")
            .first()
        )
        saved = {
            answer.question_id: answer
            for answer in Answer.objects.filter(assessment=assessment, question__theme=theme)
        }
        answers = []
        for question in theme.questions.order_by("order"):
            answer = saved.get(question.pk)
            option = answer.option if answer else question_choices(question)[0][0]
            answers.append((f"q-{question.pk}", option))
            answers.append((f"c-{question.pk}", answer.comment if answer else ""))
        targets.append((editor, assessment.pk, theme.code, answers))
        if len(targets) == count:
            break
    if not targets:
        raise SystemExit("No assessment being answered with an editor: is the database seeded?")
    return targets


class ThemeEditor:
    """One client answering one theme: GETs its page, and saves it chaining the versions."""

    def __init__(self, server, email, assessment_pk, theme_code, answers):
        self.client = harness.signed_in(server, email)
        self.url = f"/assessments/{assessment_pk}/themes/{theme_code}/"
        self.answers = answers
        self.saves = itertools.count(1)
        page = harness.expect(self.get()).body.decode()
        self.version = int(re.search(r'name="version" value="(\d+)"', page).group(1))

    def get(self):
        return self.client.get(self.url)

    def save(self):
        # The first comment changes each time, so every save writes something new.
        answers = list(self.answers)
        answers[1] = (answers[1][0], f"Benchmark save {next(self.saves)}")
        response = self.client.post(
            self.url,
            [*answers, ("version", str(self.version))],
            headers={"X-Autosave": "1", "Accept": "application/json"},
        )
        self.version = harness.expect(response).json()["version"]


def main(argv=None):
    options = harness.page_options(__doc__, argv)

    harness.bench_database()
    targets = answering_targets(options.clients)
    with harness.gunicorn_server() as server:
        editors = [ThemeEditor(server, *target) for target in targets]
        print(
            f"{len(editors)} clients, theme {targets[0][2]} ({len(targets[0][3]) // 2} questions)"
        )
        medians = harness.interleaved(
            options.rounds,
            {
                "theme GET": lambda: harness.throughput(
                    editors, lambda e: harness.expect(e.get()), options.seconds
                ),
                "theme save": lambda: harness.throughput(
                    editors, ThemeEditor.save, options.seconds
                ),
                "floor": lambda: harness.throughput(
                    editors, lambda e: harness.get_floor(e.client), options.seconds
                ),
            },
        )
    floor = medians["floor"]
    harness.report(
        "theme page GET", medians["theme GET"], floor, medians["theme GET"] / floor,
        goal=GET_GOAL, higher_is_better=True, unit="req/s",
    )  # fmt: skip
    harness.report(
        "theme page save", medians["theme save"], floor, medians["theme save"] / floor,
        goal=SAVE_GOAL, higher_is_better=True, unit="req/s",
    )  # fmt: skip


if __name__ == "__main__":
    main()
