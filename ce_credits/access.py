"""Fetch a credit and check that the requesting user may act on it.

Out-of-scope ids answer 404, so nobody learns that another person's credit exists.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Credit


def get_own_credit(user, pk):
    """Return a credit of the user's own, or raise Http404."""
    return get_object_or_404(Credit.objects.for_panel(), pk=pk, person=user)


def decidable_credits(user):
    """Return the credits `user` may verify or deny: never the user's own."""
    credits = Credit.objects.exclude(person=user)
    if user.is_coordinator:
        return credits
    User = get_user_model()
    return credits.filter(person__in=User.objects.verified_by(user))


def get_credit_to_decide(user, pk):
    """Return a credit that `user` verifies, or raise Http404.

    A credit already decided is returned too, so that a second submit of the
    same decision gets a message from the service instead of a 404.
    """
    return get_object_or_404(
        decidable_credits(user).select_related("person", "category"), pk=pk
    )


def visible_credits(user):
    """Return the credits `user` may read: own, of verified people, or all."""
    if user.is_coordinator:
        return Credit.objects.all()
    User = get_user_model()
    return Credit.objects.filter(
        Q(person=user) | Q(person__in=User.objects.verified_by(user))
    )
