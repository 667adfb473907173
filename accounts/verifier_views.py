# Placeholder until the views are written.


def verifier_reassign(request, **kwargs):
    raise NotImplementedError
