from datetime import timedelta

import pytest
from django.utils import timezone

from ce_credits.forms import DATETIME_LOCAL_FORMAT

from ..factories import category


@pytest.fixture
def event_data():
    """Return valid input for the independent learning event form."""
    end = timezone.localtime() - timedelta(days=3)
    begin = end - timedelta(hours=2)
    return {
        "title": "Readers' advisory for teens",
        "begin": begin.strftime(DATETIME_LOCAL_FORMAT),
        "end": end.strftime(DATETIME_LOCAL_FORMAT),
        "sponsor": "WebJunction",
        "presenter": "Robin Presenter",
        "category": category("Library Services to the Public").pk,
        "credits": "2",
        "description": "A webinar on book talks.",
    }
