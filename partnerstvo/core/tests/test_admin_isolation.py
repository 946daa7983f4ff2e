"""Every back-office URL, filled with another tenant's ids, as every role: nothing of that tenant
shows, and nothing fails.

The screens are not listed by hand: the test walks Django's URL resolver under ``/admin/`` (with
every include), so a screen that a Wagtail upgrade or a new app adds is requested too. Each
pattern's arguments are filled with the objects of the other tenant (Сдружение „Горна Оряховица
2000“ and its website), and each URL is requested as a CSO admin, editor and member of Искър БГ,
a municipal officer of Долна Митрополия, a trainer and an auditor. A pattern that cannot be filled
must be named in ``UNFILLED`` with the reason, and a new unfilled pattern fails the test.

Every secret of the other tenant carries a marker that appears nowhere else (in titles, file
names, subjects and e-mail addresses), so a leak is unambiguous; searches ask for a word of the
secret titles, never for the marker itself, which the screen would echo.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image as PILImage

# The other tenant's website content: no role here (Искър БГ's, officer, trainer, auditor) sees it.
SECRET = "zxqsecret"
# The other tenant's private directory data: only those who read everything (the auditor) may.
PRIVATE = "yqvprivate"
SEARCH_WORD = "тайна"  # in every secret title; searched for instead of the marker

ROLES = ("cso_admin", "cso_editor", "cso_member", "officer", "trainer", "auditor")
# One worker runs the module, so that its two tenants' world is built once (--dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("admin-isolation")]

HIDDEN_FROM = {
    SECRET: set(ROLES),
    PRIVATE: set(ROLES) - {"auditor"},
}

# Screens where a role may see the other tenant's secrets by a platform rule, with the rule.
AUDITOR_READS = (
    "auditors read every Wagtail record that has no platform policy "
    "(accounts.backends.RoleBackend), and a redirect names the page it leads to"
)
SEEN_BY_RULE = {
    ("auditor", "admin/redirects/"): AUDITOR_READS,
    ("auditor", "admin/redirects/results/"): AUDITOR_READS,
    # Auditors read every practice, drafts included (practices.policies), with its pictures.
    ("auditor", "admin/practice_images/inspect/<int:pk>/"): AUDITOR_READS,
}

# Patterns that are not filled, each with the reason. A pattern missing from both the fillers and
# this list fails the test: a screen an upgrade adds must be looked at.
UNFILLED = {
    "admin/password_reset/confirm/<uidb64>/<token>/": (
        "anonymous password-reset link: needs a token of a real account, shows no tenant data"
    ),
}
# Patterns filled but not requested, each with the reason.
NOT_REQUESTED = {
    "admin/failwhale/": "Wagtail's deliberate server error, for testing error reporting",
}


# --- The URL patterns under /admin/ -----------------------------------------------------------


@dataclass(frozen=True)
class AdminPattern:
    route: str  # e.g. "admin/pages/<int:page_id>/edit/" (regex parts as written)
    name: str  # namespaced URL name, "" when unnamed
    view_model: type | None = field(default=None, compare=False)


def _view_model(pattern: URLPattern):
    callback = pattern.callback
    model = getattr(callback, "view_initkwargs", {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) else None


def _walk(resolver, prefix="", namespaces=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = (entry.namespace,) if entry.namespace else ()
            yield from _walk(entry, prefix + str(entry.pattern), namespaces + namespace)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield AdminPattern(prefix + str(entry.pattern), name, _view_model(entry))


def admin_patterns() -> list[AdminPattern]:
    seen, patterns = set(), []
    for pattern in _walk(get_resolver()):
        if pattern.route.startswith("admin/") and pattern.route not in seen:
            seen.add(pattern.route)
            patterns.append(pattern)
    return patterns


def bulk_actions() -> list[tuple[str, str, str]]:
    from django.apps import apps
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    found = []
    for model in apps.get_models():
        opts = model._meta
        for action in bulk_action_registry.get_bulk_actions_for_model(
            opts.app_label, opts.model_name
        ):
            found.append((opts.app_label, opts.model_name, action.action_type))
    return sorted(found)


# --- One set of data for the whole module ------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_root():
    """The module's data keeps its files in one media directory for every test (see world)."""


def _png(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


class World:
    """The two tenants, the six users and the other tenant's objects, by kind."""


def _build_world() -> World:
    from django.contrib.auth.models import Group
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Page, Task, UploadedFile, Workflow

    import conftest as fixtures
    from partnerstvo.accounts.services import platform_role_grant
    from partnerstvo.core.models import AuditEntry
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import (
        Administration,
        AdministrationMembership,
        AdministrationUnit,
        AreaOfWork,
        Municipality,
        OrganisationImport,
        OrganisationMembership,
    )
    from partnerstvo.directory.tests.factories import organisation_data, valid_eik
    from partnerstvo.trainings import services as trainings
    from partnerstvo.trainings.models import (
        Certificate,
        EvaluationItem,
        KnowledgeTest,
        Programme,
        Question,
    )
    from partnerstvo.trainings.tests.conftest import build_course
    from partnerstvo.websites.models import ContactMessage, NewsIndexPage
    from partnerstvo.websites.services import website_enable
    from partnerstvo.websites.tests.conftest import add_news

    w = World()
    directory.reference_data_load()
    dm = Municipality.objects.get(code="PVN10")
    go = Municipality.objects.get(code="VTR06")
    iskar = directory.organisation_create(
        actor=SYSTEM,
        data=organisation_data(name="ССИЗП „Искър БГ“", seat=dm, eik=valid_eik(1)),
    )
    go2000 = directory.organisation_create(
        actor=SYSTEM,
        data=organisation_data(name="Сдружение „Горна Оряховица 2000“", seat=go, eik=valid_eik(2)),
    )
    hidden = directory.organisation_create(
        actor=SYSTEM,
        data={
            **organisation_data(
                name=f"Скрита {SEARCH_WORD} организация {PRIVATE}", seat=go, eik=valid_eik(3)
            ),
            "is_public": False,
        },
    )
    administration = directory.administration_save(
        actor=SYSTEM,
        administration=Administration(),
        data={"municipality": dm, "name": "Общинска администрация Долна Митрополия"},
    )
    other_administration = directory.administration_save(
        actor=SYSTEM,
        administration=Administration(),
        data={"municipality": go, "name": "Общинска администрация Горна Оряховица"},
    )
    other_unit = directory.administration_unit_save(
        actor=SYSTEM,
        unit=AdministrationUnit(),
        data={"administration": other_administration, "name": "Отдел „Проекти“"},
    )

    w.users = {
        "cso_admin": fixtures.add_member(
            fixtures.make_user("admin@iskar.example.bg"), iskar, "admin"
        ),
        "cso_editor": fixtures.add_member(
            fixtures.make_user("redaktor@iskar.example.bg"), iskar, "editor"
        ),
        "cso_member": fixtures.add_member(
            fixtures.make_user("chlen@iskar.example.bg"), iskar, "member"
        ),
        "officer": fixtures.make_user("sluzhitel@dm.example.bg"),
        "trainer": fixtures.make_user("trener@example.bg"),
        "auditor": fixtures.make_user("oditor@example.bg"),
    }
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={
            "person": w.users["officer"].person,
            "administration": administration,
            "role": "officer",
        },
    )
    platform_role_grant(actor=SYSTEM, user=w.users["trainer"], role="trainer")
    platform_role_grant(actor=SYSTEM, user=w.users["auditor"], role="auditor")

    other_editor = fixtures.add_member(
        fixtures.make_user(f"{PRIVATE}.redaktor@go2000.example.bg", "Десислава", "Стоянова"),
        go2000,
        "editor",
    )
    other_officer = fixtures.make_user(f"{PRIVATE}.sluzhitel@go.example.bg")
    other_officer_membership = directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={
            "person": other_officer.person,
            "administration": other_administration,
            "role": "officer",
        },
    )
    other_trainer = fixtures.make_user(f"{PRIVATE}.trener@example.bg")
    platform_role_grant(actor=SYSTEM, user=other_trainer, role="trainer")

    website_enable(actor=SYSTEM, organisation=iskar)
    other_site = website_enable(actor=SYSTEM, organisation=go2000)
    other_news = add_news(other_site, f"Оряховска {SEARCH_WORD} новина {SECRET}")
    other_draft = add_news(other_site, f"Чернова {SEARCH_WORD} {SECRET}", publish=False)
    other_index = NewsIndexPage.objects.descendant_of(other_site.site.root_page).first()
    other_image = get_image_model().objects.create(
        title=f"Снимка {SEARCH_WORD} {SECRET}",
        file=_png(f"{SECRET}-snimka.png"),
        collection=other_site.image_collection,
        uploaded_by_user=other_editor,
    )
    other_document = get_document_model().objects.create(
        title=f"Устав {SEARCH_WORD} {SECRET}",
        file=ContentFile(b"ustav", name=f"{SECRET}-ustav.txt"),
        collection=other_site.document_collection,
        uploaded_by_user=other_editor,
    )
    # Tags are one table for every tenant: the other's draft and image carry words of theirs.
    other_draft.tags.add(f"{SEARCH_WORD}-{SECRET}-чернова")
    other_draft.save()
    other_image.tags.add(f"{SEARCH_WORD}-{SECRET}-снимка")
    other_document.tags.add(f"{SEARCH_WORD}-{SECRET}-документ")
    other_message = ContactMessage.objects.create(
        website=other_site,
        name="Гражданин",
        email=f"{SECRET}@example.bg",
        subject=f"Писмо {SEARCH_WORD} {SECRET}",
        message="До Горна Оряховица 2000",
    )
    upload = UploadedFile.objects.create(
        file=ContentFile(b"upload", name=f"{SECRET}-upload.png"),
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        uploaded_by_user=other_editor,
    )
    workflow = Workflow.objects.filter(active=True).first()
    workflow_state = workflow.start(other_draft, other_editor) if workflow else None
    editing_session = EditingSession.objects.create(
        user=other_editor,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(other_draft.pk),
        last_seen_at=timezone.now(),
    )
    redirect = Redirect.objects.create(
        old_path=f"/{PRIVATE}-old", site=other_site.site, redirect_page=other_news
    )

    programme = trainings.programme_save(
        actor=SYSTEM, programme=Programme(), data={"title": "Програма"}
    )
    course = build_course(programme=programme, trainer=other_trainer, title="Курс", municipality=go)
    other_member = fixtures.add_member(
        fixtures.make_user(f"{PRIVATE}.chlen@go2000.example.bg"), go2000, "member"
    )
    enrolment = trainings.enrolment_create(
        actor=other_member, course=course, person=other_member.person
    )
    evaluation_item = trainings.evaluation_item_save(
        actor=SYSTEM,
        item=EvaluationItem(),
        data={"course": course, "order": 1, "text": "Оценка", "kind": "likert"},
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        code=trainings.new_certificate_code(),
        holder_name=f"Притежател {PRIVATE}",
        course_title="Курс",
        hours=16,
        first_date=datetime.date.today(),
        last_date=datetime.date.today(),
        issued_at=timezone.now(),
    )

    from partnerstvo.events import services as events
    from partnerstvo.events.models import AgendaItem, EventOrganiser, RegistrationQuestion
    from partnerstvo.events.tests.conftest import build_event

    # The other tenant's event: a draft (only its organisers see it) with a participant whose
    # answer is private. Auditors read every event.
    event = build_event(
        organisations=[go2000], municipality=go, title=f"Среща {SEARCH_WORD} {PRIVATE}"
    )
    question = events.question_save(
        actor=SYSTEM,
        question=RegistrationQuestion(),
        data={"event": event, "label": f"Въпрос {PRIVATE}", "kind": "text", "order": 1},
    )
    agenda_item = events.agenda_item_save(
        actor=SYSTEM,
        item=AgendaItem(),
        data={"event": event, "starts_at": event.starts_at, "title": f"Точка {PRIVATE}"},
    )
    events.registration_create(
        event=event,
        person=other_member.person,
        actor=SYSTEM,
        answers={str(question.pk): f"Отговор {PRIVATE}"},
        notify=False,
    )
    events.event_update(actor=SYSTEM, event=event, data={})
    type(event).objects.filter(pk=event.pk).update(status="draft")
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    from partnerstvo.events.models import EventDocument, EventPhoto

    event_document = events.event_document_save(
        actor=SYSTEM,
        document=EventDocument(),
        data={
            "event": event,
            "title": f"Доклад {PRIVATE}",
            "file": SimpleUploadedFile("doklad.pdf", b"%PDF-1.7\n..."),
        },
    )
    png = io.BytesIO()
    PillowImage.new("RGB", (8, 8), "red").save(png, format="PNG")
    event_photo = events.event_photo_save(
        actor=SYSTEM,
        photo=EventPhoto(),
        data={
            "event": event,
            "file": SimpleUploadedFile("snimka.png", png.getvalue()),
            "caption": f"Снимка {PRIVATE}",
            "alt_text": "Участниците",
        },
    )

    from partnerstvo.events.models import AgendaDocument

    agenda_document = events.agenda_document_save(
        actor=SYSTEM,
        document=AgendaDocument(),
        data={
            "item": agenda_item,
            "title": f"Материал {PRIVATE}",
            "file": SimpleUploadedFile("material.pdf", b"%PDF-1.7\n..."),
        },
    )
    consultation, answer_template = _other_consultation(other_administration, other_officer)

    area = AreaOfWork.objects.create(name="Младежки дейности", slug="mladezhki-deynosti")
    other_practice, practice_parts = _other_practice(go2000, go, hidden, other_image)
    organisation_import = OrganisationImport.objects.create(
        uploaded_by=other_editor,
        file_name=f"{PRIVATE}-import.xlsx",
        status=OrganisationImport.Status.choices[0][0],
    )

    w.other_page = other_news
    w.other_parent = other_index
    w.other_draft = other_draft
    w.other_image = other_image
    w.other_document = other_document
    w.other_site = other_site
    w.upload = upload
    w.workflow = workflow
    w.workflow_state = workflow_state
    w.task_state = workflow_state.current_task_state if workflow_state else None
    w.task = Task.objects.first()
    w.editing_session = editing_session
    w.redirect = redirect
    # The other tenant's object of each model, for patterns with a primary key.
    w.objects = {
        Collection: other_site.image_collection.get_parent(),
        type(other_site): other_site,
        type(other_site.site): other_site.site,
        type(other_message): other_message,
        type(go2000): hidden,
        OrganisationMembership: OrganisationMembership.objects.get(person=other_editor.person),
        type(other_editor.person): other_editor.person,
        type(other_editor): other_editor,
        Group: other_site.editors_group,
        Administration: other_administration,
        AdministrationUnit: other_unit,
        AdministrationMembership: other_officer_membership,
        AuditEntry: AuditEntry.objects.order_by("pk").last(),
        Programme: programme,
        type(course): course,
        type(enrolment): enrolment,
        EvaluationItem: evaluation_item,
        Certificate: certificate,
        KnowledgeTest: KnowledgeTest.objects.filter(course=course).first(),
        Question: Question.objects.filter(course=course).first(),
        type(redirect): redirect,
        AreaOfWork: area,
        OrganisationImport: organisation_import,
        type(event): event,
        EventOrganiser: EventOrganiser.objects.get(event=event),
        AgendaItem: agenda_item,
        RegistrationQuestion: question,
        EventDocument: event_document,
        EventPhoto: event_photo,
        AgendaDocument: agenda_document,
        type(consultation): consultation,
        type(answer_template): answer_template,
        type(other_practice): other_practice,
        **practice_parts,
    }
    w.sessions = {}
    for role, user in w.users.items():
        client = Client()
        client.force_login(user)
        w.sessions[role] = client.cookies["sessionid"].value
    return w


def _other_consultation(administration, officer):
    """A planned consultation of the other administration (not yet public) and one of its
    answer templates, named with the private marker."""
    import datetime

    from django.utils import timezone

    from partnerstvo.consultations import services as consultations
    from partnerstvo.consultations.models import AnswerTemplate
    from partnerstvo.consultations.tests.conftest import DRAFT_TEXT, consultation_data, documents

    consultation = consultations.consultation_create(
        actor=officer,
        data=consultation_data(
            administration,
            title=f"Наредба {PRIVATE}",
            start=timezone.localdate() + datetime.timedelta(days=10),
        ),
        documents=documents(),
        text=DRAFT_TEXT,
    )
    template = consultations.answer_template_save(
        actor=officer,
        template=AnswerTemplate(),
        data={"administration": administration, "title": f"Шаблон {PRIVATE}", "text": "Да."},
    )
    return consultation, template


def _other_practice(organisation, municipality, asking, image):
    """A draft practice of the other tenant, with a result, a picture, a document and a
    replication request, all named with the private marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.practices import services as practices
    from partnerstvo.practices.models import (
        PracticeAttachment,
        PracticeImage,
        PracticeResult,
        ReplicationRequest,
    )

    practice = practices.practice_create(
        actor=SYSTEM,
        data={
            "organisation": organisation,
            "title": f"Практика {PRIVATE}",
            "problem": PRIVATE,
            "approach": PRIVATE,
            "contact_name": PRIVATE,
            "contact_email": "kontakt@go2000.example.bg",
            "municipalities": [municipality],
        },
    )
    parts = {
        PracticeResult: practices.result_save(
            actor=SYSTEM,
            result=PracticeResult(),
            data={"practice": practice, "indicator": PRIVATE, "value": 5},
        ),
        PracticeImage: practices.image_save(
            actor=SYSTEM,
            image=PracticeImage(),
            data={"practice": practice, "image": image, "alt_text": PRIVATE},
        ),
        PracticeAttachment: practices.attachment_save(
            actor=SYSTEM,
            attachment=PracticeAttachment(),
            data={
                "practice": practice,
                "title": PRIVATE,
                "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
            },
        ),
        ReplicationRequest: ReplicationRequest.objects.create(
            practice=practice, organisation=asking, message=PRIVATE
        ),
    }
    return practice, parts


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, inside a transaction that is rolled back when the module ends; each test runs
    in a savepoint of it (pytest-django's ``db``), so what one request changes the next never sees.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield _build_world()
        transaction.set_rollback(True)


# --- Filling a pattern -------------------------------------------------------------------------


class Unfillable(Exception):  # a signal that a pattern has no filler
    pass


PAGE_TYPE = ("websites", "newsitempage")
# app_label/model_name pairs by the screen they belong to.
MODEL_PAIRS = {
    "wagtailadmin_tag_model_autocomplete": ("wagtailimages", "image"),
    "wagtailadmin_workflows:add_task": ("wagtailcore", "grouptask"),
    "wagtailadmin_editing_sessions:ping": ("wagtailcore", "page"),
}


def _pk_models():
    from partnerstvo.directory.models import OrganisationImport
    from partnerstvo.events.models import Event

    events_screens = {
        f"events_admin:{name}": Event
        for name in ("event", "publish", "cancel", "invitations", "participants-xlsx")
    }
    return {"directory_import:preview": OrganisationImport, **events_screens}


def _settings_pair():
    from wagtail.contrib.settings.registry import registry

    model = next(iter(registry), None)
    if model is None:  # no setting models: the screen answers 404 for any model
        return ("websites", "csowebsite")
    return (model._meta.app_label, model._meta.model_name)


def _model_pair(pattern):
    if pattern.name.startswith("wagtailsettings:"):
        return _settings_pair()
    return MODEL_PAIRS.get(pattern.name, PAGE_TYPE)


def _pk_for(pattern, w):
    namespace = pattern.name.partition(":")[0]
    if namespace == "wagtailimages_chooser":
        return w.other_image.pk
    if namespace == "wagtaildocs_chooser":
        return w.other_document.pk
    if namespace == "wagtailadmin_collections":
        return w.objects[next(m for m in w.objects if m.__name__ == "Collection")].pk
    if namespace.startswith("wagtailadmin_api"):
        return {
            "images": w.other_image.pk,
            "documents": w.other_document.pk,
        }.get(pattern.route.split("^")[1].split("/")[0], w.other_page.pk)
    if namespace == "wagtailadmin_workflows":
        if "/tasks/" in pattern.route:
            return w.task.pk
        return w.workflow.pk
    if namespace == "wagtailsettings":
        return w.other_site.site.pk
    model = pattern.view_model or _pk_models().get(pattern.name)
    if model is None:
        raise Unfillable("no model known for <pk>")
    for candidate, instance in w.objects.items():
        if instance is not None and issubclass(model, candidate):
            return instance.pk
    instance = model._default_manager.order_by("pk").first()
    if instance is None:
        raise Unfillable(f"no {model.__name__} to fill <pk> with")
    return instance.pk


def _value(name, pattern, w):
    page_ids = {"page_id", "page_to_move_id", "page_pk", "object_id"}
    if name in page_ids:
        return w.other_draft.pk if "editing_sessions" in pattern.name else w.other_page.pk
    if name in {"parent_page_id", "destination_id"}:
        return w.other_parent.pk
    if name == "revision_id":
        return w.other_page.latest_revision_id
    if name in {"image_id"}:
        return w.other_image.pk
    if name in {"document_id", "doc_id"}:
        return w.other_document.pk
    if name == "uploaded_file_id":
        return w.upload.pk
    if name == "collection_id":
        return w.other_site.image_collection.pk
    if name == "redirect_id":
        return w.redirect.pk
    if name == "filter_spec":
        return "original"
    if name == "name" and "pattern_preview" in (pattern.name or ""):
        return "card"  # the design system's pattern page: no tenant data in it
    if name == "task_state_id":
        return w.task_state.pk
    if name == "task_id":
        return w.task.pk
    if name == "workflow_state_id":
        return w.workflow_state.pk
    if name == "workflow_pk":
        return w.workflow.pk
    if name == "session_id":
        return w.editing_session.pk
    if name == "action_name":
        return "approve" if "workflow" in pattern.name else "copy"
    if name in {"app_label", "content_type_app_name", "app_name"}:
        return _model_pair(pattern)[0]
    if name in {"model_name", "content_type_model_name"}:
        return _model_pair(pattern)[1]
    if name == "pk":
        return _pk_for(pattern, w)
    raise Unfillable(f"no value for <{name}>")


# Regex patterns with positional groups, filled by their name.
POSITIONAL = {
    "wagtailadmin_pages:revisions_compare": lambda w: [w.other_page.pk, "earliest", "latest"],
}
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(pattern: AdminPattern, w) -> str:
    """The URL of ``pattern`` with the other tenant's ids, or Unfillable."""
    positional = list(POSITIONAL[pattern.name](w)) if pattern.name in POSITIONAL else None
    parts = []
    for segment in re.split(r"(?=\^)|(?<=\$)", pattern.route):
        if segment.startswith("^"):  # a regex part (RegexPattern): literal text or known groups
            body = segment.lstrip("^").rstrip("$")
            if body in (".*/", ".*"):
                parts.append("no-such-screen/")
                continue
            if "(" in body:
                if positional is None:
                    raise Unfillable("regex groups without a POSITIONAL entry")
                values = iter(positional)
                body = re.sub(
                    r"\((?:[^()]|\([^()]*\))*\)",
                    lambda _m, values=values: str(next(values)),
                    body,
                )
            parts.append(body.replace("\\", ""))
        else:
            parts.append(CONVERTER.sub(lambda m: str(_value(m.group("name"), pattern, w)), segment))
    return "/" + "".join(parts)


# --- Requests and what they may not show ------------------------------------------------------


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", "replace") + " " + response.get("Location", "")
    return text.lower()


def _messages(response) -> str:
    """The messages a response leaves for the next page (Wagtail names records in them, e.g.
    "The page '…' is not currently awaiting moderation"), read back from the messages cookie."""
    morsel = response.cookies.get("messages")
    if morsel is None or not morsel.value:
        return ""
    request = RequestFactory().get("/")
    request.COOKIES["messages"] = morsel.value
    return " ".join(str(message) for message in CookieStorage(request)).lower()


def _get(w, role, url):
    """GET ``url`` as ``role`` with only the role's session (no messages left by an earlier
    request); what it shows includes the messages it leaves for the next page."""
    client = Client()
    client.cookies = SimpleCookie({"sessionid": w.sessions[role]})
    response = client.get(url)
    return response, _body(response) + " " + _messages(response)


def _problems(w, url, route="") -> list[str]:
    problems = []
    for role in ROLES:
        if (role, route) in SEEN_BY_RULE:
            continue
        try:
            response, body = _get(w, role, url)
        except Exception as error:  # noqa: BLE001 - any exception is a server error here
            problems.append(f"{role}: {url} raised {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            problems.append(f"{role}: {url} answered {response.status_code}")
            continue
        for marker, hidden_from in HIDDEN_FROM.items():
            if role in hidden_from and marker in body:
                index = body.index(marker)
                problems.append(
                    f"{role}: {url} ({response.status_code}) shows {marker!r}: "
                    f"…{body[max(0, index - 120) : index + 40]}…"
                )
    return problems


def _other_ids(w) -> list[int]:
    return sorted({w.other_page.pk, w.other_draft.pk, w.other_image.pk, w.other_document.pk})


PATTERNS = admin_patterns()
BULK_ACTIONS = bulk_actions()


def test_every_admin_pattern_is_filled_or_allowlisted(world):
    unfilled = {}
    for pattern in PATTERNS:
        if pattern.name == "wagtail_bulk_action":
            continue  # filled per registered action below
        try:
            fill(pattern, world)
        except Unfillable as reason:
            unfilled[pattern.route] = str(reason)
    unexplained = {route: reason for route, reason in unfilled.items() if route not in UNFILLED}
    assert not unexplained, (
        "New admin URL patterns this test cannot fill: give them values in fill() or add them "
        f"to UNFILLED with the reason: {unexplained}"
    )
    routes = {pattern.route for pattern in PATTERNS}
    assert {route for _role, route in SEEN_BY_RULE} <= routes, "SEEN_BY_RULE names gone screens"
    assert set(NOT_REQUESTED) <= routes, "NOT_REQUESTED names gone screens"
    stale = set(UNFILLED) - set(unfilled)
    assert not stale, f"UNFILLED names patterns that are filled or gone: {stale}"


@pytest.mark.parametrize(
    "pattern",
    [
        p
        for p in PATTERNS
        if p.route not in UNFILLED | NOT_REQUESTED.keys() and p.name != "wagtail_bulk_action"
    ],
    ids=lambda p: p.route.removeprefix("admin/") or "dashboard",
)
def test_admin_screen_shows_nothing_of_another_tenant(world, db, pattern):
    try:
        url = fill(pattern, world)
    except Unfillable as reason:
        pytest.fail(f"{pattern.route}: {reason}")
    problems = _problems(world, url, pattern.route)
    if "<" not in pattern.route and "(" not in pattern.route:
        # Listings, searches and choosers, asked for the other tenant's words and ids.
        query = urlencode(
            {
                "q": SEARCH_WORD,
                "search": SEARCH_WORD,
                "term": SEARCH_WORD,
                "id": _other_ids(world),
            },
            doseq=True,
        )
        problems += _problems(world, f"{url}?{query}", pattern.route)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("action", BULK_ACTIONS, ids="/".join)
def test_bulk_action_confirmation_shows_nothing_of_another_tenant(world, db, action):
    app_label, model_name, action_type = action
    query = urlencode({"id": _other_ids(world), "next": "/admin/"}, doseq=True)
    problems = _problems(world, f"/admin/bulk/{app_label}/{model_name}/{action_type}/?{query}")
    problems += _problems(world, f"/admin/bulk/{app_label}/{model_name}/{action_type}/?id=all")
    assert not problems, "\n".join(problems)


def test_the_walk_finds_wagtails_and_the_projects_screens():
    """A guard on the walk itself: if it found nothing, every test above would pass vacuously."""
    routes = {p.route for p in PATTERNS}
    assert "admin/images/chooser/<int:image_id>/select_format/" in routes
    assert "admin/choose-page/chosen-multiple/" in routes
    assert "admin/organisations/edit/<int:pk>/" in routes
    assert any(route.startswith("admin/api/main/^images/") for route in routes)
    assert ("wagtailcore", "page", "delete") in BULK_ACTIONS
    assert ("wagtailimages", "image", "delete") in BULK_ACTIONS
