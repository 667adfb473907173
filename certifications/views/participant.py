# Placeholder until the views are written.


def panel(request, **kwargs):
    raise NotImplementedError


def track_add(request, **kwargs):
    raise NotImplementedError


def track_submit(request, **kwargs):
    raise NotImplementedError
