import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import verifiers
from accounts.models import Position, User, VerifierChange, external_verifier_of
from ce_credits import links
from ce_credits.models import Credit, VerifierLink

from ..factories import CreditFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHAIR_NAME = "Bea Chair"
CHAIR_EMAIL = "bea@lcboard.example"


def url(person):
    return reverse("verifier_reassign", args=[person.pk])


def seat_of(person):
    return Position.objects.get(person=person, is_current=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def form_data(supervisor="", name="", email=""):
    return {"supervisor": supervisor, "verifier_name": name, "verifier_email": email}


@pytest.fixture
def department_head(library):
    return UserFactory(first_name="Hana", last_name="Head", email="hana@lclib.example")


def test_form_shows_current_verifier(login, participant, supervisor, coordinator):
    response = login(coordinator).get(url(participant))

    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Verifier of Pat Reader" in html
    assert "Staff, Lewis and Clark Library, Helena" in html
    assert "Dana Director &lt;dana@lclib.example&gt;" in html
    assert "(by the default rule)" in html
    assert "default rule for a staff position" in html
    assert "the director of Lewis and Clark Library verifies the credits" in html


def test_form_starts_with_saved_values(login, participant, coordinator):
    Position.objects.filter(person=participant).update(
        verifier_name=CHAIR_NAME, verifier_email=CHAIR_EMAIL
    )

    response = login(coordinator).get(url(participant))

    form = response.context["form"]
    assert form.initial == {
        "supervisor": "",
        "verifier_name": CHAIR_NAME,
        "verifier_email": CHAIR_EMAIL,
    }
    assert "who has no account" in response.content.decode()


def test_reassign_to_account(
    login, participant, supervisor, department_head, coordinator
):
    response = login(coordinator).post(
        url(participant), form_data(supervisor="HANA@lclib.example"), follow=True
    )

    seat = seat_of(participant)
    assert seat.supervisor == department_head
    assert seat.verifier_name == ""
    assert seat.verifier_email == ""
    assert set(User.objects.verifiers_of(participant)) == {department_head}
    assert response.redirect_chain[-1][0] == url(participant)
    assert messages_of(response) == [
        "The credits of Pat Reader are now verified by Hana Head."
    ]


def test_reassign_to_external_verifier(login, participant, supervisor, coordinator):
    response = login(coordinator).post(
        url(participant),
        form_data(name=f"  {CHAIR_NAME} ", email=CHAIR_EMAIL),
        follow=True,
    )

    seat = seat_of(participant)
    assert seat.supervisor is None
    assert seat.verifier_name == CHAIR_NAME
    assert seat.verifier_email == CHAIR_EMAIL
    assert external_verifier_of(participant) == (CHAIR_NAME, CHAIR_EMAIL)
    assert list(User.objects.verifiers_of(participant)) == []
    assert messages_of(response) == [
        "The credits of Pat Reader are now verified by Bea Chair, through "
        "emailed links."
    ]


def test_external_replaced_by_account(login, participant, department_head, coordinator):
    Position.objects.filter(person=participant).update(
        verifier_name=CHAIR_NAME, verifier_email=CHAIR_EMAIL
    )

    login(coordinator).post(
        url(participant), form_data(supervisor=department_head.email)
    )

    seat = seat_of(participant)
    assert seat.supervisor == department_head
    assert seat.verifier_name == ""
    assert seat.verifier_email == ""


def test_cleared_returns_to_default(
    login, participant, supervisor, department_head, coordinator
):
    Position.objects.filter(person=participant).update(supervisor=department_head)

    response = login(coordinator).post(url(participant), form_data(), follow=True)

    seat = seat_of(participant)
    assert seat.supervisor is None
    assert seat.verifier_name == ""
    assert seat.verifier_email == ""
    assert set(User.objects.verifiers_of(participant)) == {supervisor}
    assert messages_of(response) == [
        "The credits of Pat Reader are now verified by the director of Lewis "
        "and Clark Library."
    ]


def test_cleared_board_chair_has_nobody(login, board_chair, coordinator):
    trustee = UserFactory()
    Position.objects.filter(person=board_chair).update(supervisor=trustee)

    response = login(coordinator).post(url(board_chair), form_data(), follow=True)

    assert seat_of(board_chair).supervisor is None
    assert messages_of(response) == [
        "The credits of Cory Chair are now verified by nobody yet, because a "
        "board chair has no default verifier."
    ]


def test_own_account_rejected(login, participant, coordinator):
    response = login(coordinator).post(
        url(participant), form_data(supervisor=participant.email)
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "supervisor": [
            "Pat Reader cannot verify their own credits. Choose someone else."
        ]
    }
    assert 'id="error_1_id_supervisor"' in response.content.decode()
    assert seat_of(participant).supervisor is None


def test_own_email_rejected(login, participant, coordinator):
    response = login(coordinator).post(
        url(participant), form_data(name="Pat Reader", email="PAT@lclib.example")
    )

    form = response.context["form"]
    assert list(form.errors) == ["verifier_email"]
    assert "cannot verify their own credits" in form.errors["verifier_email"][0]
    assert 'id="error_1_id_verifier_email"' in response.content.decode()
    assert seat_of(participant).verifier_email == ""


def test_account_and_external_rejected(
    login, participant, department_head, coordinator
):
    response = login(coordinator).post(
        url(participant),
        form_data(supervisor=department_head.email, name=CHAIR_NAME, email=CHAIR_EMAIL),
    )

    form = response.context["form"]
    assert form.non_field_errors() == [
        "Choose an account or enter a verifier without an account, not both."
    ]
    assert "Choose an account or enter" in response.content.decode()
    assert seat_of(participant).supervisor is None


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [(CHAIR_NAME, "", "verifier_email"), ("", CHAIR_EMAIL, "verifier_name")],
)
def test_half_external_rejected(login, participant, coordinator, name, email, field):
    response = login(coordinator).post(
        url(participant), form_data(name=name, email=email)
    )

    form = response.context["form"]
    assert list(form.errors) == [field]
    assert seat_of(participant).verifier_email == ""


def test_unknown_account_rejected(login, participant, coordinator):
    response = login(coordinator).post(
        url(participant), form_data(supervisor="nobody@lclib.example")
    )

    form = response.context["form"]
    assert form.errors["supervisor"] == [
        "No account uses the address nobody@lclib.example. Check the spelling, "
        "or enter the verifier below as a verifier without an account."
    ]


def test_inactive_account_rejected(login, participant, department_head, coordinator):
    User.objects.filter(pk=department_head.pk).update(is_active=False)

    response = login(coordinator).post(
        url(participant), form_data(supervisor=department_head.email)
    )

    form = response.context["form"]
    assert "is deactivated" in form.errors["supervisor"][0]
    assert seat_of(participant).supervisor is None


def test_own_verifier_rejected(login, library, coordinator):
    PositionFactory(person=coordinator, library=library, title="Consultant")

    response = login(coordinator).post(
        url(coordinator), form_data(name="A", email="a@x.example")
    )

    form = response.context["form"]
    assert form.non_field_errors() == [
        "You cannot change your own verifier. Ask another CE coordinator."
    ]
    assert seat_of(coordinator).verifier_email == ""


def test_no_current_position_message(login, coordinator):
    person = UserFactory(first_name="Nora", last_name="Noseat")

    get = login(coordinator).get(url(person))
    post = login(coordinator).post(
        url(person), form_data(name="A", email="a@x.example")
    )

    assert get.status_code == 200
    assert "Nora Noseat has no current position" in get.content.decode()
    assert "Nora Noseat has no current position" in post.content.decode()


def test_service_no_position_error(coordinator):
    person = UserFactory()

    with pytest.raises(ValidationError) as caught:
        verifiers.verifier_reassign(person=person, actor=coordinator)

    assert caught.value.code == "no_position"


def test_service_rejects_non_coordinator(participant, supervisor):
    with pytest.raises(PermissionDenied):
        verifiers.verifier_reassign(
            person=participant, actor=supervisor, name=CHAIR_NAME, email=CHAIR_EMAIL
        )

    assert seat_of(participant).verifier_email == ""


def test_superuser_reassigns(login, participant):
    admin = UserFactory(is_superuser=True)

    login(admin).post(url(participant), form_data(name=CHAIR_NAME, email=CHAIR_EMAIL))

    assert seat_of(participant).verifier_email == CHAIR_EMAIL


@pytest.mark.parametrize("persona", ["participant", "supervisor", "outsider"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_non_coordinator_404(request, login, participant, persona, method):
    user = request.getfixturevalue(persona)

    response = getattr(login(user), method)(
        url(participant), form_data(name=CHAIR_NAME, email=CHAIR_EMAIL)
    )

    assert response.status_code == 404
    assert seat_of(participant).verifier_email == ""


def test_unknown_person_404(login, coordinator):
    response = login(coordinator).get(reverse("verifier_reassign", args=[0]))

    assert response.status_code == 404


def test_login_required(client, participant):
    response = client.get(url(participant))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_old_verifier_loses_credits(
    login, participant, supervisor, department_head, coordinator
):
    credit = CreditFactory(person=participant, title="Summer reading kickoff")
    login(coordinator).post(
        url(participant), form_data(supervisor=department_head.email)
    )

    client = login(supervisor)
    queue = client.get(reverse("ce_credits:verify_queue"))
    verify = client.post(reverse("ce_credits:credit_verify", args=[credit.pk]))

    credit.refresh_from_db()
    assert "Summer reading kickoff" not in queue.content.decode()
    assert verify.status_code == 404
    assert credit.status == Credit.Status.PENDING


def test_new_verifier_sees_credits(
    login, participant, supervisor, department_head, coordinator
):
    CreditFactory(person=participant, title="Summer reading kickoff")
    login(coordinator).post(
        url(participant), form_data(supervisor=department_head.email)
    )

    queue = login(department_head).get(reverse("ce_credits:verify_queue"))

    assert "Summer reading kickoff" in queue.content.decode()


def test_new_verifier_mailed(
    login,
    participant,
    department_head,
    coordinator,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    CreditFactory(person=participant)

    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(
            url(participant), form_data(supervisor=department_head.email)
        )

    assert [mail.to for mail in mailoutbox] == [[department_head.email]]


def test_new_external_verifier_gets_link(
    login, participant, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    CreditFactory(person=participant)

    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(
            url(participant), form_data(name=CHAIR_NAME, email=CHAIR_EMAIL)
        )

    link = VerifierLink.objects.get(person=participant, closed_at__isnull=True)
    assert [mail.to for mail in mailoutbox] == [[CHAIR_EMAIL]]
    assert link.verifier_name == CHAIR_NAME


def test_no_mail_without_pending(
    login,
    participant,
    department_head,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(
            url(participant), form_data(supervisor=department_head.email)
        )

    assert mailoutbox == []


def test_reassign_closes_old_link(participant, department_head, coordinator):
    CreditFactory(person=participant)
    verifiers.verifier_reassign(
        person=participant, actor=coordinator, name=CHAIR_NAME, email=CHAIR_EMAIL
    )
    link = links.verifier_link_send(person=participant)
    token = links.link_token(link)

    verifiers.verifier_reassign(
        person=participant, actor=coordinator, supervisor=department_head
    )

    link.refresh_from_db()
    assert link.closed_at is not None
    with pytest.raises(links.ClosedLink):
        links.verifier_link_from_token(token)


def test_unchanged_verifier_keeps_link(participant, coordinator):
    CreditFactory(person=participant)
    verifiers.verifier_reassign(
        person=participant, actor=coordinator, name=CHAIR_NAME, email=CHAIR_EMAIL
    )
    link = links.verifier_link_send(person=participant)

    verifiers.verifier_reassign(
        person=participant, actor=coordinator, name=CHAIR_NAME, email=CHAIR_EMAIL
    )

    link.refresh_from_db()
    assert link.closed_at is None


def test_change_is_logged(participant, department_head, coordinator, caplog):
    with caplog.at_level("INFO", logger="accounts.verifiers"):
        verifiers.verifier_reassign(
            person=participant, actor=coordinator, supervisor=department_head
        )

    assert (
        f"Verifier of user {participant.pk} changed by user {coordinator.pk} "
        f"from the default rule to supervisor account {department_head.pk}"
    ) in caplog.text


def test_change_recorded(participant, department_head, coordinator):
    verifiers.verifier_reassign(
        person=participant, actor=coordinator, name=CHAIR_NAME, email=CHAIR_EMAIL
    )
    verifiers.verifier_reassign(
        person=participant, actor=coordinator, supervisor=department_head
    )

    first, second = VerifierChange.objects.filter(person=participant).order_by("pk")
    assert first.position == seat_of(participant)
    assert first.actor == coordinator
    assert first.from_verifier == "the default for the position"
    assert first.to_verifier == f"{CHAIR_NAME} <{CHAIR_EMAIL}>, without an account"
    assert second.from_verifier == first.to_verifier
    assert second.to_verifier == "Hana Head <hana@lclib.example>"


def test_unchanged_verifier_not_recorded(participant, coordinator):
    for _ in range(2):
        verifiers.verifier_reassign(
            person=participant, actor=coordinator, name=CHAIR_NAME, email=CHAIR_EMAIL
        )

    assert VerifierChange.objects.filter(person=participant).count() == 1


def test_rejected_change_not_recorded(participant, coordinator):
    with pytest.raises(ValidationError):
        verifiers.verifier_reassign(
            person=participant, actor=coordinator, supervisor=participant
        )

    assert not VerifierChange.objects.exists()


def test_person_page_lists_changes(login, participant, department_head, coordinator):
    verifiers.verifier_reassign(
        person=participant, actor=coordinator, supervisor=department_head
    )

    response = login(coordinator).get(reverse("person_detail", args=[participant.pk]))

    html = response.content.decode()
    assert "Verifier changes" in html
    assert "Hana Head &lt;hana@lclib.example&gt;" in html
    assert "Casey Coordinator" in html


def test_account_email_as_external_rejected(
    login, participant, department_head, coordinator
):
    response = login(coordinator).post(
        url(participant), form_data(name="Someone", email="HANA@lclib.example")
    )

    assert response.context["form"].errors["verifier_email"] == [
        "This address belongs to the account of Hana Head. Choose that account "
        "as the verifier instead, so they decide on the site."
    ]
    assert seat_of(participant).verifier_email == ""
