# Placeholder until the views are written.


def people(request, **kwargs):
    raise NotImplementedError


def person_detail(request, **kwargs):
    raise NotImplementedError
