# Placeholder until the views are written.


def certificate_correct(request, **kwargs):
    raise NotImplementedError


def certificate_withdraw(request, **kwargs):
    raise NotImplementedError
