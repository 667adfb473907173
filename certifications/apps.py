from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    name = "certifications"
    verbose_name = "Certification tracks"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
