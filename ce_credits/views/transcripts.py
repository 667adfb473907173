# Placeholder until the views are written.


def transcript(request, **kwargs):
    raise NotImplementedError


def transcript_csv(request, **kwargs):
    raise NotImplementedError


def transcript_pdf(request, **kwargs):
    raise NotImplementedError


def person_transcript_csv(request, **kwargs):
    raise NotImplementedError


def person_transcript_pdf(request, **kwargs):
    raise NotImplementedError
