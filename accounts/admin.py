from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from aspen.admin import ReadOnlyAdmin

from .models import Library, Position, User, VerifierChange
from .verifiers import VERIFIER_FIELDS, verifier_description

DUPLICATE_EMAIL = "Another account already uses the email address %(email)s."


def clean_unique_email(form):
    """Return the form's email in lower case, rejecting one taken in any case."""
    email = User.objects.normalize_email(form.cleaned_data["email"]).lower()
    others = User.objects.filter(email__iexact=email)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise ValidationError(
            DUPLICATE_EMAIL, code="duplicate_email", params={"email": email}
        )
    return email


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def clean_email(self):
        return clean_unique_email(self)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        return clean_unique_email(self)


class PositionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        current = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_current")
            and not form.cleaned_data.get("DELETE")
        ]
        if len(current) > 1:
            raise ValidationError(
                "Mark only one position as current: it is the one shown on the "
                "person's home page."
            )


class PositionInline(admin.StackedInline):
    model = Position
    fk_name = "person"
    formset = PositionFormSet
    extra = 0
    autocomplete_fields = ["library", "supervisor"]
    fields = [
        ("library", "kind"),
        "title",
        ("start_date", "end_date"),
        "is_current",
        "supervisor",
        ("verifier_name", "verifier_email"),
    ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    inlines = [PositionInline]

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("last_name", "first_name")
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        # A coordinator may add people and manage their positions, but only a
        # superuser grants superuser status or single permissions.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def get_inlines(self, request, obj):
        # Positions are added once the account exists.
        return self.inlines if obj else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not Position:
            return super().save_formset(request, form, formset, change)

        # Who verified each changed seat before the save, for its audit row.
        before = {
            seat_form.instance.pk: verifier_description(
                Position.objects.select_related("supervisor").get(
                    pk=seat_form.instance.pk
                )
            )
            for seat_form in formset.initial_forms
            if set(VERIFIER_FIELDS) & set(seat_form.changed_data)
            and seat_form not in formset.deleted_forms
        }
        super().save_formset(request, form, formset, change)

        for pk, old in before.items():
            seat = Position.objects.select_related("supervisor").get(pk=pk)
            new = verifier_description(seat)
            if new == old:
                continue
            VerifierChange.objects.create(
                person=seat.person,
                position=seat,
                actor=request.user,
                from_verifier=old,
                to_verifier=new,
            )


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "city")


@admin.register(VerifierChange)
class VerifierChangeAdmin(ReadOnlyAdmin):
    list_display = ("person", "from_verifier", "to_verifier", "actor", "at")
    list_select_related = ("person", "actor")
    search_fields = ("person__email", "from_verifier", "to_verifier")
