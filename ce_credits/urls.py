from django.urls import path

from .views import (
    corrections,
    coursework,
    links,
    participant,
    proofs,
    transcripts,
    verify,
)

app_name = "ce_credits"

urlpatterns = [
    path("events/<int:pk>/", participant.event_detail, name="event_detail"),
    path("events/<int:pk>/claim/", participant.event_claim, name="event_claim"),
    path("new/", participant.independent_new, name="independent_new"),
    path("<int:pk>/edit/", participant.credit_edit, name="credit_edit"),
    path("<int:pk>/delete/", participant.credit_delete, name="credit_delete"),
    path("<int:pk>/correct/", corrections.credit_correct, name="credit_correct"),
    path("<int:pk>/remove/", corrections.credit_remove, name="credit_remove"),
    path(
        "people/<int:person_id>/credits/",
        corrections.person_credits,
        name="person_credits",
    ),
    path("coursework/", coursework.coursework_new, name="coursework_new"),
    path(
        "<int:pk>/transcript/",
        coursework.transcript_download,
        name="transcript_download",
    ),
    path("<int:pk>/proofs/add/", proofs.proof_add, name="proof_add"),
    path("proofs/<int:pk>/", proofs.proof_download, name="proof_download"),
    path("proofs/<int:pk>/delete/", proofs.proof_delete, name="proof_delete"),
    path("link/<str:token>/", links.link_page, name="link_page"),
    path(
        "link/<str:token>/<int:pk>/verify/",
        links.link_verify,
        name="link_verify",
    ),
    path("link/<str:token>/<int:pk>/deny/", links.link_deny, name="link_deny"),
    path("link/<str:token>/renew/", links.link_renew, name="link_renew"),
    path(
        "link/<str:token>/proofs/<int:pk>/",
        links.link_proof_download,
        name="link_proof_download",
    ),
    path(
        "people/<int:person_id>/verifier-link/",
        links.verifier_link_resend,
        name="verifier_link_resend",
    ),
    path("transcript/", transcripts.transcript, name="transcript"),
    path("transcript.csv", transcripts.transcript_csv, name="transcript_csv"),
    path("transcript.pdf", transcripts.transcript_pdf, name="transcript_pdf"),
    path(
        "people/<int:person_id>/transcript.csv",
        transcripts.person_transcript_csv,
        name="person_transcript_csv",
    ),
    path(
        "people/<int:person_id>/transcript.pdf",
        transcripts.person_transcript_pdf,
        name="person_transcript_pdf",
    ),
    path("verify/", verify.verify_queue, name="verify_queue"),
    path("verify/selected/", verify.verify_selected, name="verify_selected"),
    path("verify/selected/deny/", verify.deny_selected, name="deny_selected"),
    path("<int:pk>/verify/", verify.credit_verify, name="credit_verify"),
    path("<int:pk>/deny/", verify.credit_deny, name="credit_deny"),
]
