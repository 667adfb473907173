# Placeholder until the views are written.


def link_page(request, **kwargs):
    raise NotImplementedError


def link_verify(request, **kwargs):
    raise NotImplementedError


def link_deny(request, **kwargs):
    raise NotImplementedError
