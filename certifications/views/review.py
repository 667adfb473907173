# Placeholder until the views are written.


def review_queue(request, **kwargs):
    raise NotImplementedError


def review(request, **kwargs):
    raise NotImplementedError


def track_return(request, **kwargs):
    raise NotImplementedError


def track_approve(request, **kwargs):
    raise NotImplementedError
