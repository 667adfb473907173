from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save

# What the CE coordinators manage in the admin, by app and model.
COORDINATOR_MODELS = {
    "accounts": ["library", "position", "user"],
    "ce_credits": [
        "category",
        "catalogevent",
        "credit",
        "credittransition",
        "coursework",
        "prooffile",
        "verifierlink",
    ],
    "certifications": [
        "edition",
        "tracktype",
        "categoryminimum",
        "track",
        "trackcredit",
        "tracktransition",
        "certificate",
        "certificatetransition",
        "degreerequest",
        "degreerequesttransition",
        "reminder",
    ],
}
# Records of what happened are read, never edited, in the admin: their changes
# go through the site's pages, which keep the history.
READ_ONLY_MODELS = {
    "credit",
    "credittransition",
    "coursework",
    "prooffile",
    "verifierlink",
    "trackcredit",
    "tracktransition",
    "certificate",
    "certificatetransition",
    "degreerequest",
    "degreerequesttransition",
    "reminder",
}


def ensure_coordinator_group(sender, using="default", **kwargs):
    """Create the coordinators' group and keep its permissions complete."""
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(
        name=settings.CE_COORDINATOR_GROUP
    )
    wanted = []
    for models in COORDINATOR_MODELS.values():
        for model in models:
            actions = ["view"]
            if model not in READ_ONLY_MODELS:
                actions += ["add", "change"]
            wanted += [f"{action}_{model}" for action in actions]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=COORDINATOR_MODELS, codename__in=wanted
    )
    group.permissions.add(*permissions)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and libraries"

    def ready(self):
        from . import signals
        from .models import Position

        # Connected for every app, because the permissions of ce_credits and
        # certifications exist only once their own post_migrate has run.
        post_migrate.connect(
            ensure_coordinator_group,
            dispatch_uid="accounts.ensure_coordinator_group",
        )
        post_save.connect(
            signals.director_position_created,
            sender=Position,
            dispatch_uid="accounts.director_position_created",
        )
