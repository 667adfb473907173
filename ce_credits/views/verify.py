# Placeholder until the views are written.


def verify_queue(request, **kwargs):
    raise NotImplementedError


def verify_selected(request, **kwargs):
    raise NotImplementedError


def deny_selected(request, **kwargs):
    raise NotImplementedError


def credit_verify(request, **kwargs):
    raise NotImplementedError


def credit_deny(request, **kwargs):
    raise NotImplementedError
