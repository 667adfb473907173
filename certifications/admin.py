from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from aspen.admin import ReadOnlyAdmin, ReadOnlyInlineMixin

from .models import (
    CategoryMinimum,
    Certificate,
    CertificateTransition,
    DegreeRequest,
    DegreeRequestTransition,
    Edition,
    Reminder,
    Track,
    TrackCredit,
    TrackTransition,
    TrackType,
)


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ("name", "effective_on", "is_current")

    def clean_is_current(self):
        is_current = self.cleaned_data["is_current"]
        other = Edition.objects.filter(is_current=True).exclude(pk=self.instance.pk)
        if is_current and (current := other.first()):
            raise ValidationError(
                "Edition %(name)s is the current one. Clear its “is current” box "
                "first, so that only one edition is current.",
                code="two_current",
                params={"name": current.name},
            )
        return is_current


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionForm
    list_display = ("name", "effective_on", "is_current")
    search_fields = ("name",)


class CategoryMinimumInline(admin.TabularInline):
    model = CategoryMinimum
    extra = 0


@admin.register(TrackType)
class TrackTypeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "edition",
        "kind",
        "total_credits",
        "requires_certificate",
        "next_type",
    )
    list_filter = ("edition", "kind")
    list_select_related = ("edition", "next_type__edition")
    search_fields = ("name", "edition__name")
    autocomplete_fields = ("next_type",)
    inlines = [CategoryMinimumInline]


class TrackTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = TrackTransition
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class TrackCreditInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = TrackCredit
    verbose_name = "counted credit"
    verbose_name_plural = "counted credits, frozen on submission"
    fields = ("credit", "kind")
    readonly_fields = fields


class CertificateInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Certificate
    fk_name = "track"
    fields = ("number", "status", "issued_on", "expires_on", "earned_by")
    readonly_fields = fields
    show_change_link = True


@admin.register(Track)
class TrackAdmin(ReadOnlyAdmin):
    list_display = ("person", "track_type", "status", "started_on", "submitted_at")
    list_filter = ("status", "kind", "track_type__edition")
    list_select_related = ("person", "track_type__edition")
    search_fields = ("person__email", "person__first_name", "person__last_name")
    exclude = ("counted_credits",)
    inlines = [TrackTransitionInline, TrackCreditInline, CertificateInline]


class CertificateTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = CertificateTransition
    fields = ("at", "action", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "holder_name",
        "track_name",
        "issued_on",
        "expires_on",
        "status",
        "earned_by",
    )
    list_filter = ("status", "earned_by", "track_name")
    search_fields = ("number", "holder_name", "person__email")
    date_hierarchy = "issued_on"
    inlines = [CertificateTransitionInline]


class DegreeRequestTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = DegreeRequestTransition
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


@admin.register(DegreeRequest)
class DegreeRequestAdmin(ReadOnlyAdmin):
    list_display = ("person", "degree", "institution", "conferred_on", "status")
    list_filter = ("status", "degree")
    list_select_related = ("person",)
    search_fields = ("person__email", "person__last_name", "institution")
    # The nonce is part of the official's signed link.
    exclude = ("link_nonce",)
    inlines = [DegreeRequestTransitionInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("kind", "recipient", "milestone_on", "sent_at", "attempts")
    list_filter = ("kind",)
    search_fields = ("recipient", "key")
    date_hierarchy = "milestone_on"
