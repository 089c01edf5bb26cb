"""Hand-written SQL that the benchmarks measure the service against.

``NATIONAL_SCORES_SQL`` is the floor of the national recompute: one statement that works out
every submitted assessment's theme, section and overall scores of a cycle from its answers,
as maturity/SCORING.md rules 1-4 say, with each option's score from ``maturity.scales``. It
is written to run unchanged on PostgreSQL and SQLite, so the test that holds it to the
service runs on both.
"""

from collections import defaultdict

from django.db import connection

from maturity.models import Answer, Assessment, Question, Score, Section, Theme
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services.scoring import SUBMITTED_STATES


def _option_scores_values():
    """``VALUES ('agreement', 'neither', 50), ...`` and its parameters, from the scales."""
    rows = [
        (str(scale), key, score)
        for scale, options in SCALE_OPTIONS.items()
        for key, _label, score in options
    ]
    return ", ".join(["(%s, %s, %s)"] * len(rows)), [value for row in rows for value in row]


def national_scores_sql():
    """The statement and its parameters, less the cycle id (the last parameter)."""
    values, value_params = _option_scores_values()
    answer = Answer._meta.db_table
    question = Question._meta.db_table
    theme = Theme._meta.db_table
    section = Section._meta.db_table
    assessment = Assessment._meta.db_table
    states = ", ".join(["%s"] * len(SUBMITTED_STATES))
    # Table names come from the models; every value is a parameter.
    sql = f"""
WITH option_scores (scale, option_key, score) AS (VALUES {values}),
counted AS (
    SELECT an.assessment_id, se.code AS section_code, th.code AS theme_code, os.score
    FROM {answer} an
    JOIN {assessment} asm ON asm.id = an.assessment_id
    JOIN {question} qu ON qu.id = an.question_id
    JOIN {theme} th ON th.id = qu.theme_id
    JOIN {section} se ON se.id = th.section_id
    JOIN option_scores os ON os.scale = qu.scale AND os.option_key = an.option
    WHERE asm.cycle_id = %s AND asm.state IN ({states}) AND an.option <> %s
),
themes AS (
    SELECT assessment_id, section_code, theme_code,
           CAST(SUM(score) AS DOUBLE PRECISION) / COUNT(*) AS score
    FROM counted
    GROUP BY assessment_id, section_code, theme_code
),
sections AS (
    SELECT assessment_id, section_code, AVG(score) AS score
    FROM themes
    GROUP BY assessment_id, section_code
),
overall AS (
    SELECT assessment_id, AVG(score) AS score
    FROM sections
    GROUP BY assessment_id
)
SELECT 'theme', assessment_id, theme_code, score FROM themes
UNION ALL
SELECT 'section', assessment_id, section_code, score FROM sections
UNION ALL
SELECT 'overall', assessment_id, '', score FROM overall
"""  # noqa: S608
    return sql, value_params


def national_scores_by_sql(*, cycle_id):
    """Assessment id -> {"themes": {...}, "sections": {...}, "overall": value}, for every
    submitted assessment of the cycle with a score; themes and sections with no score are
    absent, as is an assessment with none."""
    sql, params = national_scores_sql()
    params = [*params, cycle_id, *(str(state) for state in SUBMITTED_STATES), NOT_APPLICABLE]
    scores = defaultdict(lambda: {"themes": {}, "sections": {}, "overall": None})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for level, assessment_id, code, value in cursor.fetchall():
            of_assessment = scores[assessment_id]
            if level == "overall":
                of_assessment["overall"] = value
            else:
                of_assessment[f"{level}s"][code] = value
    return dict(scores)


def stored_scores(*, cycle_id):
    """The service's stored scores in the shape of ``national_scores_by_sql``: one query."""
    scores = defaultdict(lambda: {"themes": {}, "sections": {}, "overall": None})
    rows = Score.objects.filter(
        assessment__cycle_id=cycle_id,
        assessment__state__in=SUBMITTED_STATES,
        value__isnull=False,
    ).values_list("level", "assessment_id", "code", "value")
    for level, assessment_id, code, value in rows:
        if level == "overall":
            scores[assessment_id]["overall"] = value
        else:
            scores[assessment_id][f"{level}s"][code] = value
    return dict(scores)


# Floats summed in another order may differ in the last bits; scores are 0-100.
TOLERANCE = 1e-9


def disagreements(service, sql):
    """Where two ``{assessment id: scores}`` differ, as readable lines; empty when they agree."""
    lines = []
    for assessment_id in sorted(service.keys() | sql.keys()):
        ours = service.get(assessment_id, {"themes": {}, "sections": {}, "overall": None})
        theirs = sql.get(assessment_id, {"themes": {}, "sections": {}, "overall": None})
        pairs = [("overall", ours["overall"], theirs["overall"])]
        for kind in ("sections", "themes"):
            for code in sorted(ours[kind].keys() | theirs[kind].keys()):
                pairs.append((f"{kind[:-1]} {code}", ours[kind].get(code), theirs[kind].get(code)))
        for what, a, b in pairs:
            if (a is None) != (b is None) or (a is not None and abs(a - b) > TOLERANCE):
                lines.append(f"assessment {assessment_id} {what}: service {a!r}, SQL {b!r}")
    return lines
