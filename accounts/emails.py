"""Sending the site's mail from templates."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_templated(*, template, recipients, context):
    """Render `template` (its first line is the subject) and send it.

    A failed send is logged and not raised, because the state change it reports
    has already been saved.
    """
    if not recipients:
        return False
    try:
        send_templated_or_raise(
            template=template, recipients=recipients, context=context
        )
    except (SMTPException, OSError):
        logger.exception("Mail %s to %d recipients failed", template, len(recipients))
        return False
    return True


def send_templated_or_raise(*, template, recipients, context):
    """Render `template` (its first line is the subject) and send it.

    Unlike `send_templated`, a failed send raises `SMTPException` or `OSError`,
    so that a caller that retries, such as the daily reminders, can record it.
    """
    text = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip(), settings.DEFAULT_FROM_EMAIL, recipients)
    logger.info("Mail %s sent to %d recipients", template, len(recipients))
