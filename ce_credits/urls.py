from django.urls import path

from .views import coursework, participant, verify

app_name = "ce_credits"

urlpatterns = [
    path("events/<int:pk>/", participant.event_detail, name="event_detail"),
    path("events/<int:pk>/claim/", participant.event_claim, name="event_claim"),
    path("new/", participant.independent_new, name="independent_new"),
    path("<int:pk>/edit/", participant.credit_edit, name="credit_edit"),
    path("<int:pk>/delete/", participant.credit_delete, name="credit_delete"),
    path("coursework/", coursework.coursework_new, name="coursework_new"),
    path(
        "<int:pk>/transcript/",
        coursework.transcript_download,
        name="transcript_download",
    ),
    path("verify/", verify.verify_queue, name="verify_queue"),
    path("verify/selected/", verify.verify_selected, name="verify_selected"),
    path("verify/selected/deny/", verify.deny_selected, name="deny_selected"),
    path("<int:pk>/verify/", verify.credit_verify, name="credit_verify"),
    path("<int:pk>/deny/", verify.credit_deny, name="credit_deny"),
]
