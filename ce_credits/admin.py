from django.contrib import admin

from aspen.admin import ReadOnlyAdmin, ReadOnlyInlineMixin

from .models import (
    CatalogEvent,
    Category,
    Coursework,
    Credit,
    CreditTransition,
    ProofFile,
    VerifierLink,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name",)


@admin.register(CatalogEvent)
class CatalogEventAdmin(admin.ModelAdmin):
    list_display = ("title", "sponsor", "begin", "end", "credits", "category")
    list_filter = ("category", "sponsor", "begin")
    list_select_related = ("category",)
    search_fields = ("title", "sponsor", "description", "delivery")
    date_hierarchy = "begin"
    fieldsets = (
        (None, {"fields": ("title", "sponsor", "category", "credits")}),
        ("When and where", {"fields": (("begin", "end"), "delivery")}),
        ("About", {"fields": ("description", "source_url")}),
    )


class CreditTransitionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = CreditTransition
    fields = ("at", "action", "from_status", "to_status", "actor", "via_link", "note")
    readonly_fields = fields


class ProofFileInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ProofFile
    # The stored file is served only by the site's access-checked view, so the
    # admin shows its name and no link.
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class CourseworkInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = Coursework
    fields = (
        "institution",
        "term",
        "unit",
        "college_credits",
        "entered_by",
    )
    readonly_fields = fields


@admin.register(Credit)
class CreditAdmin(ReadOnlyAdmin):
    list_display = ("title", "person", "category", "credits", "status", "end")
    list_filter = ("status", "source", "category")
    list_select_related = ("person", "category")
    search_fields = (
        "title",
        "sponsor",
        "person__email",
        "person__first_name",
        "person__last_name",
    )
    date_hierarchy = "end"
    inlines = [CourseworkInline, ProofFileInline, CreditTransitionInline]
    fieldsets = (
        (None, {"fields": ("person", "source", "catalog_event", "title")}),
        (
            "Event",
            {
                "fields": (
                    ("begin", "end"),
                    "sponsor",
                    "presenter",
                    "category",
                    "credits",
                    ("presented", "contact_hours"),
                    "description",
                )
            },
        ),
        (
            "Decision",
            {
                "fields": (
                    "status",
                    "decided_by",
                    "decided_via_link",
                    "decided_at",
                    "denial_reason",
                    "created_at",
                )
            },
        ),
    )


@admin.register(VerifierLink)
class VerifierLinkAdmin(ReadOnlyAdmin):
    list_display = ("person", "verifier_email", "created_at", "expires_at")
    list_select_related = ("person",)
    search_fields = ("person__email", "verifier_email", "verifier_name")
    # The nonce is part of the signed link's token.
    exclude = ("nonce",)
