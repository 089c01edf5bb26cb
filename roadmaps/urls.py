from django.urls import path

from roadmaps.views import board, coverage, cycles, deadlines, footprints, reminders, stages

urlpatterns = [
    # NHS England: every open CCG and its footprint.
    path("coverage/", coverage.coverage_register, name="coverage_register"),
    path("coverage/export.csv", coverage.coverage_register_csv, name="coverage_register_csv"),
    # NHS England: every open CCG across the programme's three steps.
    path("board/", board.national_board, name="national_board"),
    path(
        "board/export.<str:file_format>",
        board.national_board_export,
        name="national_board_export",
    ),
    # NHS England admins: send reminders now to a filtered set of organisations.
    path("reminders/", reminders.send_reminders, name="send_reminders"),
    # NHS England admins: deadline extensions, and moving or opening a stage.
    path("deadlines/extensions/", deadlines.extension_list, name="deadline_extensions"),
    path("deadlines/extensions/new/", deadlines.grant, name="grant_deadline_extension"),
    path(
        "deadlines/footprint-lookup/",
        deadlines.footprint_lookup,
        name="deadline_footprint_lookup",
    ),
    path("deadlines/stages/", stages.stage_list, name="cycle_stages"),
    path("cycles/new/", cycles.new_cycle, name="new_cycle"),
    path("footprints/merge/", cycles.merge, name="merge_footprints"),
    path("footprints/move/", cycles.move, name="move_footprint_member"),
    path("deadlines/stages/<int:pk>/", stages.stage_dates, name="stage_dates"),
    # Footprints.
    path("footprints/", footprints.footprint_list, name="footprint_list"),
    path("footprints/new/", footprints.declare_footprint, name="declare_footprint"),
    path("footprints/<int:pk>/", footprints.footprint_detail, name="footprint_detail"),
    path("footprints/<int:pk>/edit/", footprints.edit_footprint, name="edit_footprint"),
    path("footprints/<int:pk>/members/", footprints.add_member, name="add_footprint_member"),
    path(
        "footprints/<int:pk>/members/<int:member_pk>/remove/",
        footprints.remove_member,
        name="remove_footprint_member",
    ),
    path("footprints/<int:pk>/submit/", footprints.submit, name="submit_footprint"),
    path(
        "footprints/<int:pk>/members/<int:member_pk>/confirm/",
        footprints.confirm_membership,
        name="confirm_footprint_membership",
    ),
    path("footprints/<int:pk>/review/", footprints.review, name="review_footprint"),
    path(
        "footprints/organisation-lookup/",
        footprints.organisation_lookup,
        name="organisation_lookup",
    ),
]
