from django.urls import path

from .views import certificates, participant, review

app_name = "certifications"

urlpatterns = [
    path("", participant.panel, name="panel"),
    path("tracks/add/", participant.track_add, name="track_add"),
    path("tracks/<int:pk>/submit/", participant.track_submit, name="track_submit"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:pk>/", review.review, name="review"),
    path("review/<int:pk>/return/", review.track_return, name="track_return"),
    path("review/<int:pk>/approve/", review.track_approve, name="track_approve"),
    path(
        "certificates/<str:number>/",
        certificates.certificate,
        name="certificate",
    ),
    path(
        "certificates/<str:number>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
]
