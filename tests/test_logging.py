import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("ce_credits:link_page", args=["secret-token-value"]),
        reverse("certifications:degree_confirm", args=["secret-token-value"]),
    ],
)
def test_request_log_hides_token(client, caplog, url):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(url)

    assert response.status_code == 404
    assert caplog.records
    assert "secret-token-value" not in caplog.text
    assert "<token>" in caplog.text
