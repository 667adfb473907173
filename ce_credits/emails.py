"""Mail about credits. Each function is called after its transaction commits."""

import logging

from django.contrib.auth import get_user_model

from accounts.emails import send_templated

logger = logging.getLogger(__name__)


def notify_verifiers_of_pending(person):
    """Tell the people who verify `person` that credits wait for them."""
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
