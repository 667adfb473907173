# Placeholder until the views are written.


def degree_request_new(request, **kwargs):
    raise NotImplementedError


def degree_queue(request, **kwargs):
    raise NotImplementedError


def degree_issue(request, **kwargs):
    raise NotImplementedError


def degree_confirm(request, **kwargs):
    raise NotImplementedError


def degree_decline(request, **kwargs):
    raise NotImplementedError
