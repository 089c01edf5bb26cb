"""Who may reach each address of delivery tracking (``delivery/urls.py``), for the walk.

Returns are A's, on A's published roadmap (``return_world.py``): whoever can see the roadmap
sees its returns (the person A invited to edit another roadmap does not). Its editors write
them, its lead CCG's approvers sign them off, NHS England reviewers assure them.

The findings of the cross-checks: whoever can see the roadmap sees them; the walk's finding
is open, on a return submitted to NHS England, so only NHS England's reviewers explain it
(the lead CCG may while a return or roadmap is back with it). The list is every signed-in
person's, showing only the findings of footprints they belong to.
"""


def delivery_urls():
    from tests.security.url_table import (
        ADMIN_PAGE,
        FINDING,
        FOOTPRINT,
        GET_AND_POST,
        NHSE_STAFF,
        OTHER_ROADMAP_VIEWERS,
        POST_ONLY,
        PUBLIC,
        RETURN,
        REVIEWER,
        ROADMAP,
        SIGNED_IN,
        Access,
    )

    editors = ("a_editor",)
    approvers = ("a_approver",)
    nhs_england = ("nhse_admin", "nhse_reviewer")
    return {
        "return_list": Access(SIGNED_IN),
        "return_detail": Access(
            RETURN, kwargs=lambda world: {"pk": world.a_return.pk}, reached_by=OTHER_ROADMAP_VIEWERS
        ),
        "return_section": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_return.pk, "section": "narrative"},
            payload=lambda world: {
                "version": world.a_return.version,
                "progress": "Walked progress",
                "next_quarter": "Walked plan",
                "issues": "",
            },
            read_by=OTHER_ROADMAP_VIEWERS,
            reached_by=editors,
        ),
        "add_return_milestone": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_return.pk},
            payload=lambda world: {
                "title": "Walked",
                "forecast_on_day": "30",
                "forecast_on_month": "9",
                "forecast_on_year": "2017",
            },
            reached_by=editors,
        ),
        "add_return_risk": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_return.pk},
            payload=lambda world: {
                "description": "Walked",
                "likelihood": "3",
                "impact": "3",
                "owner": "Walk board",
                "mitigation": "",
            },
            reached_by=editors,
        ),
        "return_check": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_return.pk},
            read_by=OTHER_ROADMAP_VIEWERS,
            reached_by=editors,
        ),
        "sign_off_return": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_signing_return.pk},
            payload=lambda world: {"action": "send_back", "reason": "Walked back"},
            reached_by=approvers,
        ),
        "return_submission": Access(
            RETURN,
            kwargs=lambda world: {"pk": world.a_accepted_return.pk, "number": 1},
            reached_by=OTHER_ROADMAP_VIEWERS,
        ),
        "assure_return": Access(
            RETURN,
            methods=GET_AND_POST,
            kwargs=lambda world: {"pk": world.a_assured_return.pk},
            payload=lambda world: {
                "assured_confidence": "amber",
                "comment": "Walked",
                "internal_note": "",
                "decision": "accept",
                "action": "save",
            },
            read_by=nhs_england,
            reached_by=REVIEWER,
        ),  # fmt: skip
        # A footprint's returns with its predecessors': whoever sees the footprint.
        "footprint_delivery_history": Access(
            FOOTPRINT,
            kwargs=lambda world: {"pk": world.a_draft.pk},
            reached_by=("a_editor", "a_approver", "a_viewer", "nhse_admin", "nhse_reviewer"),
        ),
        "roadmap_delivery": Access(
            ROADMAP,
            kwargs=lambda world: {"pk": world.a_published_roadmap.pk},
            reached_by=OTHER_ROADMAP_VIEWERS,
        ),
        "delivery_findings": Access(SIGNED_IN),
        "delivery_findings_csv": Access(SIGNED_IN),
        "delivery_findings_xlsx": Access(SIGNED_IN),
        "finding_detail": Access(
            FINDING,
            kwargs=lambda world: {"pk": world.a_finding.pk},
            reached_by=OTHER_ROADMAP_VIEWERS,
        ),
        "explain_finding": Access(
            FINDING,
            methods=POST_ONLY,
            kwargs=lambda world: {"pk": world.a_finding.pk},
            payload=lambda world: {"note": "Walked explanation", "next": "/"},
            reached_by=REVIEWER,
        ),
        "assurance_queue": Access(NHSE_STAFF),
        "delivery_tracker": Access(NHSE_STAFF),
        "delivery_tracker_csv": Access(NHSE_STAFF),
        "delivery_tracker_xlsx": Access(NHSE_STAFF),
        "delivery_benefits": Access(NHSE_STAFF),
        "delivery_benefits_csv": Access(NHSE_STAFF),
        "delivery_benefits_xlsx": Access(NHSE_STAFF),
        "reporting_periods": Access(
            ADMIN_PAGE,
            methods=GET_AND_POST,
            payload=lambda world: {
                "add_quarters": "Add the quarters",
                "quarters-first_quarter_end_day": "30",
                "quarters-first_quarter_end_month": "6",
                "quarters-first_quarter_end_year": "2017",
                "quarters-count": "8",
            },
        ),
        "publish_period": Access(
            ADMIN_PAGE, methods=POST_ONLY, kwargs=lambda world: {"pk": world.a_periods[0].pk}
        ),
        "published_ratings": Access(
            PUBLIC, why="Assured ratings an NHS England admin published, for anyone."
        ),
        "published_ratings_csv": Access(
            PUBLIC,
            kwargs=lambda world: {"pk": world.a_periods[0].pk},
            why="The same published ratings as CSV; an unpublished period answers 404.",
        ),
    }
