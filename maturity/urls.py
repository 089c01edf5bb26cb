from django.urls import path

from maturity.views import answering, care_settings, exports, helpers, results

urlpatterns = [
    path("assessments/", answering.assessment_list, name="assessment_list"),
    path("assessments/<int:pk>/", answering.assessment_tasks, name="assessment_tasks"),
    path(
        "assessments/<int:pk>/themes/<str:theme_code>/",
        answering.answer_theme,
        name="answer_theme",
    ),
    path("assessments/<int:pk>/check/", answering.check_answers, name="check_answers"),
    path("assessments/<int:pk>/submit/", answering.submit, name="submit_assessment"),
    path("assessments/<int:pk>/sign-off/", answering.sign_off, name="sign_off_assessment"),
    path("assessments/<int:pk>/reopen/", answering.reopen, name="reopen_assessment"),
    # Who helps answer: the provider's approvers ask people of the lead CCG.
    path("assessments/<int:pk>/helpers/", helpers.assessment_helpers, name="assessment_helpers"),
    path(
        "assessments/<int:pk>/helpers/<int:helper_pk>/remove/",
        helpers.remove_assessment_helper,
        name="remove_assessment_helper",
    ),
    # Results: stored scores against the footprint and the country.
    path("assessments/<int:pk>/results/", results.assessment_results, name="assessment_results"),
    path(
        "assessments/<int:pk>/results/scores.<str:file_format>",
        exports.assessment_scores_export,
        name="assessment_scores_export",
    ),
    path("footprints/<int:pk>/maturity/", results.footprint_results, name="footprint_results"),
    path(
        "footprints/<int:pk>/maturity/scores.<str:file_format>",
        exports.footprint_scores_export,
        name="footprint_scores_export",
    ),
    path("maturity/national/", results.national_results, name="national_results"),
    # NHS England admins correct the care setting a trust's self-assessments are for.
    path(
        "organisations/<str:ods_code>/care-setting/",
        care_settings.care_setting,
        name="correct_care_setting",
    ),
    path(
        "maturity/national/scores.<str:file_format>",
        exports.national_scores_export,
        name="national_scores_export",
    ),
]
