from django.apps import AppConfig


class CeCreditsConfig(AppConfig):
    name = "ce_credits"
    verbose_name = "Continuing education credits"
