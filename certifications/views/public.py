# Placeholder until the views are written.


def verify_lookup(request, **kwargs):
    raise NotImplementedError


def verify_certificate(request, **kwargs):
    raise NotImplementedError
