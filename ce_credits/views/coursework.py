# Placeholder until the views are written.


def coursework_new(request, **kwargs):
    raise NotImplementedError


def transcript_download(request, **kwargs):
    raise NotImplementedError
