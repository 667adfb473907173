# Placeholder until the views are written.


def certificate(request, **kwargs):
    raise NotImplementedError


def certificate_pdf(request, **kwargs):
    raise NotImplementedError
