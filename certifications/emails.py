"""Mail about tracks and certificates, sent after the change commits."""

from django.contrib.auth import get_user_model

from accounts.emails import send_templated
from ce_credits.emails import notify_verifiers_of_pending


def track_submitted(track, has_pending):
    """Tell the coordinators, and ask the verifiers to confirm what is pending."""
    User = get_user_model()
    coordinators = User.objects.coordinators()
    send_templated(
        template="certifications/email/track_submitted.txt",
        recipients=[user.email for user in coordinators],
        context={"track": track},
    )
    if has_pending:
        notify_verifiers_of_pending(track.person)


def track_returned(track):
    send_templated(
        template="certifications/email/track_returned.txt",
        recipients=[track.person.email],
        context={"track": track},
    )


def certificate_issued(certificate):
    send_templated(
        template="certifications/email/certificate_issued.txt",
        recipients=[certificate.person.email],
        context={"certificate": certificate},
    )
