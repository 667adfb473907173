from django.urls import path

from .views import (
    certificate_changes,
    certificates,
    compliance,
    degree,
    participant,
    public,
    review,
)

app_name = "certifications"

urlpatterns = [
    path("", participant.panel, name="panel"),
    path("tracks/add/", participant.track_add, name="track_add"),
    path("tracks/<int:pk>/submit/", participant.track_submit, name="track_submit"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:pk>/", review.review, name="review"),
    path("review/<int:pk>/return/", review.track_return, name="track_return"),
    path("review/<int:pk>/approve/", review.track_approve, name="track_approve"),
    path("compliance/", compliance.compliance, name="compliance"),
    path("compliance.csv", compliance.compliance_csv, name="compliance_csv"),
    path("degree/", degree.degree_request_new, name="degree_request_new"),
    path("degree/requests/", degree.degree_queue, name="degree_queue"),
    path(
        "degree/requests/<int:pk>/issue/",
        degree.degree_issue,
        name="degree_issue",
    ),
    path(
        "degree/requests/<int:pk>/resend/",
        degree.degree_resend,
        name="degree_resend",
    ),
    path(
        "degree/confirm/<str:token>/",
        degree.degree_confirm,
        name="degree_confirm",
    ),
    path(
        "degree/confirm/<str:token>/decline/",
        degree.degree_decline,
        name="degree_decline",
    ),
    path(
        "certificates/<str:number>/",
        certificates.certificate,
        name="certificate",
    ),
    path(
        "certificates/<str:number>/correct/",
        certificate_changes.certificate_correct,
        name="certificate_correct",
    ),
    path(
        "certificates/<str:number>/withdraw/",
        certificate_changes.certificate_withdraw,
        name="certificate_withdraw",
    ),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:number>/", public.verify_certificate, name="verify_certificate"),
    path(
        "certificates/<str:number>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
]
