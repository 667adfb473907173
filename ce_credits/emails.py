"""Mail about credits. Each function is called after its transaction commits."""

import logging

from django.contrib.auth import get_user_model

from accounts.emails import send_templated
from accounts.models import external_verifier_of

logger = logging.getLogger(__name__)


def notify_verifiers_of_pending(person):
    """Tell the people who verify `person` that credits wait for them.

    A verifier without an account gets the link to their page instead. That is
    the open link again while it has time left, or else a new one that closes it.
    """
    if external_verifier_of(person) is not None:
        # Imported here because links imports services, which imports this module.
        from .links import verifier_link_send

        return verifier_link_send(person=person) is not None

    User = get_user_model()
    verifiers = list(User.objects.verifiers_of(person))
    if not verifiers:
        logger.warning("No verifier on record for user %s", person.pk)
        return False
    pending = person.credits.pending().count()
    return send_templated(
        template="ce_credits/email/pending_credits.txt",
        recipients=[verifier.email for verifier in verifiers],
        context={"person": person, "pending": pending},
    )
