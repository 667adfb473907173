# Placeholder until the views are written.


def proof_add(request, **kwargs):
    raise NotImplementedError


def proof_download(request, **kwargs):
    raise NotImplementedError


def proof_delete(request, **kwargs):
    raise NotImplementedError
