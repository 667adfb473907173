"""Logging filters for the site."""

import logging
import re

# Paths that carry a signed token granting access without an account.
TOKEN_PATH = re.compile(r"(/credits/link/|/ce/degree/confirm/)[^/\s]+")


class RedactTokenPaths(logging.Filter):
    """Replace the token in a logged request path with "<token>".

    Django's request logger writes the path of every 4xx and 5xx response, and
    a live signed link must not end up in the log.
    """

    def filter(self, record):
        message = record.getMessage()
        redacted = TOKEN_PATH.sub(r"\1<token>", message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
