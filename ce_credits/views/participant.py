# Placeholder until the views are written.


def event_detail(request, **kwargs):
    raise NotImplementedError


def event_claim(request, **kwargs):
    raise NotImplementedError


def independent_new(request, **kwargs):
    raise NotImplementedError


def credit_edit(request, **kwargs):
    raise NotImplementedError


def credit_delete(request, **kwargs):
    raise NotImplementedError
