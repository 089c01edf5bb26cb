from django.urls import path

from maturity.views import answering

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
]
