"""The agreements' services: who may propose, confirm, change, renew and terminate; bad input
refused with a message and nothing written; status from the dates; audit; reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM, user_can
from partnerstvo.notifications.models import Notification
from partnerstvo.partnerships import services
from partnerstvo.partnerships.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementReminder,
)

from .conftest import agreement_data, confirmed, pdf, propose

pytestmark = pytest.mark.django_db


def _messages(error):
    with translation.override("en"):
        return " ".join(error.value.messages)


def _nothing_written():
    return not (Agreement.objects.exists() or AgreementParty.objects.exists())


def test_a_proposal_with_one_party_only_is_refused(iskar_admin, iskar):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_propose(
            actor=iskar_admin, data=agreement_data(), parties=[{"organisation": iskar}]
        )
    assert "at least two parties" in _messages(error)
    assert _nothing_written()


def test_a_party_named_twice_is_refused(iskar_admin, iskar):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_propose(
            actor=iskar_admin,
            data=agreement_data(),
            parties=[{"organisation": iskar}, {"organisation": iskar}],
        )
    assert "named twice" in _messages(error)
    assert _nothing_written()


def test_an_end_before_the_start_is_refused(iskar_admin, iskar, administration):
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        propose(
            iskar_admin,
            organisation=iskar,
            administration=administration,
            starts_on=today,
            ends_on=today - datetime.timedelta(days=1),
        )
    with translation.override("en"):
        assert "cannot end before it starts" in " ".join(error.value.message_dict["ends_on"])
    assert _nothing_written()


@pytest.mark.parametrize("who", ["iskar_editor", "iskar_member", "outsider", "go2000_editor"])
def test_only_an_admin_of_a_party_proposes_for_it(request, who, iskar, administration):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        propose(user, organisation=iskar, administration=administration)
    assert _nothing_written()


def test_an_admin_of_one_cso_cannot_propose_for_another(iskar_admin, go2000, administration):
    with pytest.raises(PermissionDenied):
        propose(iskar_admin, organisation=go2000, administration=administration)
    assert _nothing_written()


def test_a_proposal_is_a_draft_confirmed_by_the_proposer_only(draft, iskar_admin, officer):
    assert draft.status == Agreement.Status.DRAFT
    parties = list(draft.parties.order_by("order"))
    assert parties[0].confirmed_at is not None and parties[0].confirmed_by == iskar_admin
    assert parties[1].confirmed_at is None
    assert draft.documents.count() == 1
    assert AuditEntry.objects.filter(action="partnerships.agreement.proposed").exists()
    # The officer of the other party is asked to confirm.
    assert Notification.objects.filter(
        person=officer.person, kind="partnerships.agreement.proposed"
    ).exists()


def test_a_draft_is_seen_by_its_parties_only(draft, iskar_admin, officer, go2000_editor, outsider):
    assert user_can(iskar_admin, "view", draft)
    assert user_can(officer, "view", draft)
    assert not user_can(outsider, "view", draft)
    assert not user_can(go2000_editor, "view", draft)
    assert not user_can(None, "view", draft)


def test_confirming_for_another_party_is_refused(draft, iskar_admin):
    municipality_party = draft.parties.get(administration__isnull=False)
    with pytest.raises(PermissionDenied):
        services.agreement_confirm(actor=iskar_admin, agreement=draft, party=municipality_party)
    draft.refresh_from_db()
    assert draft.confirmed_at is None
    municipality_party.refresh_from_db()
    assert municipality_party.confirmed_at is None


def test_an_outsider_cannot_confirm(draft, outsider, go2000_editor):
    party = draft.parties.get(administration__isnull=False)
    for user in (outsider, go2000_editor):
        with pytest.raises(PermissionDenied):
            services.agreement_confirm(actor=user, agreement=draft, party=party)


def test_a_party_of_another_agreement_is_refused(draft, officer, iskar_admin, iskar, go2000):
    other = propose(iskar_admin, organisation=iskar, administration=draft.parties.last().party)
    party = other.parties.get(administration__isnull=False)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_confirm(actor=officer, agreement=draft, party=party)
    assert "not a party of this agreement" in _messages(error)


def test_when_every_party_confirmed_it_is_active_and_public(draft, officer, iskar_admin):
    party = draft.parties.get(administration__isnull=False)
    services.agreement_confirm(actor=officer, agreement=draft, party=party)
    draft.refresh_from_db()
    assert draft.confirmed_at is not None
    assert draft.status == Agreement.Status.ACTIVE
    assert user_can(None, "view", draft)
    assert AuditEntry.objects.filter(action="partnerships.agreement.in_force").exists()
    assert Notification.objects.filter(
        person=iskar_admin.person, kind="partnerships.agreement.confirmed"
    ).exists()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_confirm(actor=officer, agreement=draft, party=party)
    assert "already confirmed" in _messages(error)


def test_status_follows_from_the_dates(active):
    today = timezone.localdate()
    assert active.status_on(today) == Agreement.Status.ACTIVE
    assert active.status_on(active.ends_on + datetime.timedelta(days=1)) == "expired"
    assert list(Agreement.objects.with_status("active")) == [active]
    assert not Agreement.objects.with_status("expired").exists()
    assert not Agreement.objects.with_status("draft").exists()


def test_changing_a_draft_withdraws_the_other_parties_confirmations(draft, officer, iskar_admin):
    party = draft.parties.get(administration__isnull=False)
    # The officer changes the terms before confirming: the CSO must confirm them again.
    services.agreement_update(
        actor=officer,
        agreement=draft,
        data={"title": "Ново заглавие"},
        obligations={party.pk: "Осигурява зала и техника."},
    )
    own = draft.parties.get(organisation__isnull=False)
    assert own.confirmed_at is None
    party.refresh_from_db()
    assert party.obligations == "Осигурява зала и техника."
    assert AuditEntry.objects.filter(action="partnerships.agreement.changed").exists()


def test_a_confirmed_agreement_is_not_changed(active, iskar_admin, outsider):
    with pytest.raises(ValidationError):
        services.agreement_update(actor=iskar_admin, agreement=active, data={"title": "Друго"})
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=outsider, agreement=active, data={"title": "Друго"})


def test_a_fake_pdf_is_refused_and_nothing_is_written(iskar_admin, iskar, administration):
    fake = SimpleUploadedFile("dogovor.pdf", b"MZ not a pdf", content_type="application/pdf")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_propose(
            actor=iskar_admin,
            data=agreement_data(),
            parties=[{"organisation": iskar}, {"administration": administration}],
            documents=[("Подписано", fake, None)],
        )
    assert "not a real PDF" in _messages(error)
    assert _nothing_written() and not AgreementDocument.objects.exists()


def test_an_executable_is_refused_as_a_document(active, iskar_admin):
    exe = SimpleUploadedFile("dogovor.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.agreement_document_add(actor=iskar_admin, agreement=active, title="x", file=exe)
    assert active.documents.count() == 1


def test_a_renewal_extends_the_end_and_keeps_the_history(active, iskar_admin, officer):
    old_end = active.ends_on
    new_end = old_end + datetime.timedelta(days=365)
    renewal = services.agreement_renew(
        actor=iskar_admin,
        agreement=active,
        new_end=new_end,
        signed_on=timezone.localdate(),
        file=pdf("anex.pdf"),
        note="Анекс №1",
    )
    active.refresh_from_db()
    assert active.ends_on == new_end
    assert (renewal.previous_end, renewal.new_end) == (old_end, new_end)
    assert renewal.documents.count() == 1
    assert AuditEntry.objects.filter(action="partnerships.agreement.renewed").exists()
    assert Notification.objects.filter(
        person=officer.person, kind="partnerships.agreement.renewed"
    ).exists()


def test_a_renewal_must_extend_and_carry_its_document(active, iskar_admin, outsider):
    today = timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_renew(
            actor=iskar_admin, agreement=active, new_end=active.ends_on, signed_on=today, file=pdf()
        )
    assert "past its end" in _messages(error)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_renew(
            actor=iskar_admin,
            agreement=active,
            new_end=active.ends_on + datetime.timedelta(days=1),
            signed_on=today,
            file=None,
        )
    assert "Attach the signed renewal" in _messages(error)
    with pytest.raises(PermissionDenied):
        services.agreement_renew(
            actor=outsider,
            agreement=active,
            new_end=active.ends_on + datetime.timedelta(days=1),
            signed_on=today,
            file=pdf(),
        )
    assert not active.renewals.exists()


def test_a_draft_cannot_be_renewed_or_terminated(draft, iskar_admin):
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=iskar_admin,
            agreement=draft,
            new_end=draft.ends_on + datetime.timedelta(days=1),
            signed_on=timezone.localdate(),
            file=pdf(),
        )
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=iskar_admin, agreement=draft, reason="Не")


def test_termination_needs_a_reason_and_ends_the_agreement(active, officer):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.agreement_terminate(actor=officer, agreement=active, reason="  ")
    assert "Say why" in _messages(error)
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(
            actor=officer,
            agreement=active,
            reason="По-късно.",
            terminated_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert "not before" in _messages(error)
    services.agreement_terminate(actor=officer, agreement=active, reason="По взаимно съгласие.")
    active.refresh_from_db()
    assert active.status == Agreement.Status.TERMINATED
    assert list(Agreement.objects.with_status("terminated")) == [active]
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=officer, agreement=active, reason="Отново")


def test_a_draft_is_withdrawn_by_a_party_not_by_others(draft, iskar_admin, outsider, active):
    with pytest.raises(PermissionDenied):
        services.agreement_withdraw(actor=outsider, agreement=draft)
    services.agreement_withdraw(actor=iskar_admin, agreement=draft)
    assert not Agreement.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError):
        services.agreement_withdraw(actor=iskar_admin, agreement=active)


def test_reminders_30_and_7_days_before_the_end_once_each(
    iskar_admin, officer, iskar, administration, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    agreement = confirmed(
        iskar_admin,
        officer,
        organisation=iskar,
        administration=administration,
        ends_on=today + datetime.timedelta(days=40),
    )
    assert services.agreement_expiry_reminders(today=today) == 0
    day_30 = agreement.ends_on - datetime.timedelta(days=30)
    assert services.agreement_expiry_reminders(today=day_30) == 1
    assert services.agreement_expiry_reminders(today=day_30) == 0  # a rerun sends nothing
    assert services.agreement_expiry_reminders(today=day_30 + datetime.timedelta(days=1)) == 0
    day_7 = agreement.ends_on - datetime.timedelta(days=7)
    assert services.agreement_expiry_reminders(today=day_7) == 1
    assert sorted(AgreementReminder.objects.values_list("days_before", flat=True)) == [7, 30]
    people = set(
        Notification.objects.filter(kind="partnerships.agreement.expiring").values_list(
            "person__email", flat=True
        )
    )
    assert people == {iskar_admin.email, officer.email}
    # A renewal moves the end: the new end is reminded of again.
    services.agreement_renew(
        actor=SYSTEM,
        agreement=agreement,
        new_end=agreement.ends_on + datetime.timedelta(days=20),
        signed_on=today,
        file=pdf(),
    )
    agreement.refresh_from_db()
    five_days_before = agreement.ends_on - datetime.timedelta(days=5)
    assert services.agreement_expiry_reminders(today=five_days_before) == 1


def test_a_missed_day_sends_the_nearest_reminder_only(iskar_admin, officer, iskar, administration):
    today = timezone.localdate()
    agreement = confirmed(
        iskar_admin,
        officer,
        organisation=iskar,
        administration=administration,
        ends_on=today + datetime.timedelta(days=5),
    )
    assert services.agreement_expiry_reminders(today=today) == 1
    assert list(AgreementReminder.objects.values_list("days_before", flat=True)) == [7]
    assert agreement.reminders.count() == 1


def test_the_reminder_job_is_registered():
    from partnerstvo.scheduling.registry import registered_jobs

    assert "partnerships.agreement-expiry-reminders" in {job.name for job in registered_jobs()}
    assert mail is not None
