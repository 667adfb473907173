# Placeholder until the views are written.


def compliance(request, **kwargs):
    raise NotImplementedError


def compliance_csv(request, **kwargs):
    raise NotImplementedError
