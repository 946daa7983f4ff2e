"""Back-office (Wagtail admin) screens of trainings, grouped under "Trainings". Every screen obeys
the policies and writes through the services (see core.admin_views). Day-to-day work with people
(attendance, tests from paper, certificates) happens on the course dashboard, linked from here."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup

from partnerstvo.core.admin_views import PolicyModelViewSet, PolicyPermissionPolicy
from partnerstvo.core.permissions import scope

from . import services
from .models import (
    Certificate,
    Course,
    Enrolment,
    EvaluationItem,
    KnowledgeTest,
    Module,
    Programme,
    Question,
    Session,
)


class LinkColumn(Column):
    cell_template_name = "trainings/admin/link_cell.html"

    def __init__(self, name, *, url_name, link_text, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name
        self.link_text = link_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(self.url_name, kwargs={"slug": instance.slug})
        context["link_text"] = self.link_text
        return context


def _limit_to_managed_courses(form, user):
    if "course" in form.fields:
        form.fields["course"].queryset = scope(user, "manage", Course.objects.all())
    if "trainer" in form.fields:
        form.fields["trainer"].queryset = form.fields["trainer"].queryset.distinct()


def _limit_course_choices(form, user):
    if "trainers" in form.fields:
        form.fields["trainers"].queryset = form.fields["trainers"].queryset.distinct()


class ReadOnlyPermissionPolicy(PolicyPermissionPolicy):
    """Lists and inspection only: these records change through their own screens and services."""

    WRITES = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.WRITES and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in self.WRITES and super().user_has_permission_for_instance(
            user, action, instance
        )


class ProgrammeViewSet(PolicyModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_order = 100
    list_display = ["title", DateColumn("updated_at", label=_("updated"))]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = ["title", "description"]

    @staticmethod
    def create_service(*, actor, data):
        return services.programme_save(actor=actor, programme=Programme(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.programme_save(actor=actor, programme=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.programme_delete(actor=actor, programme=instance)


class CourseViewSet(PolicyModelViewSet):
    model = Course
    icon = "doc-full"
    menu_order = 110
    index_scope_action = "view_participants"
    list_display = [
        "title", "programme", "target_group", "capacity",
        BooleanColumn("is_published", label=_("published")),
        LinkColumn("dashboard", url_name="trainings:course-manage", link_text=_("Dashboard"),
                   label=_("Dashboard")),
    ]  # fmt: skip
    list_filter = ["programme", "target_group", "is_published"]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = [
        "programme", "title", "learning_objectives", "description", "hours", "target_group",
        "trainers", "capacity", "min_attendance_percent", "requires_post_test", "is_published",
        "enrolment_open",
    ]  # fmt: skip
    limit_choices = staticmethod(_limit_course_choices)

    @staticmethod
    def create_service(*, actor, data):
        return services.course_create(actor=actor, data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.course_update(actor=actor, course=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.course_delete(actor=actor, course=instance)


class ModuleViewSet(PolicyModelViewSet):
    model = Module
    icon = "list-ol"
    menu_order = 120
    list_display = ["title", "course", "order", "hours"]
    list_filter = ["course"]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = ["course", "order", "title", "description", "hours"]
    limit_choices = staticmethod(_limit_to_managed_courses)

    @staticmethod
    def create_service(*, actor, data):
        return services.module_save(actor=actor, module=Module(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.module_save(actor=actor, module=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.module_delete(actor=actor, module=instance)


class SessionViewSet(PolicyModelViewSet):
    model = Session
    icon = "date"
    menu_order = 130
    list_display = ["course", "starts_at", "ends_at", "municipality", "venue", "trainer"]
    list_filter = ["course"]
    search_fields = ["course__title", "venue"]
    search_backend_name = None
    form_fields = [
        "course", "title", "starts_at", "ends_at", "municipality", "venue", "online_url", "trainer",
    ]  # fmt: skip
    limit_choices = staticmethod(_limit_to_managed_courses)

    @staticmethod
    def create_service(*, actor, data):
        return services.session_save(actor=actor, session=Session(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.session_save(actor=actor, session=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.session_delete(actor=actor, session=instance)


class QuestionViewSet(PolicyModelViewSet):
    model = Question
    icon = "help"
    menu_order = 140
    list_display = ["text", "course", "form", "kind", "points"]
    list_filter = ["course", "form", "kind"]
    search_fields = ["text"]
    search_backend_name = None
    form_fields = ["course", "form", "kind", "order", "text", "options", "points"]
    limit_choices = staticmethod(_limit_to_managed_courses)

    @staticmethod
    def create_service(*, actor, data):
        return services.question_save(actor=actor, question=Question(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.question_save(actor=actor, question=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.question_delete(actor=actor, question=instance)


class KnowledgeTestViewSet(PolicyModelViewSet):
    model = KnowledgeTest
    icon = "tasks"
    menu_order = 150
    list_display = ["course", "kind", "opens_at", "closes_at"]
    list_filter = ["course", "kind"]
    form_fields = ["course", "kind", "opens_at", "closes_at"]
    limit_choices = staticmethod(_limit_to_managed_courses)

    @staticmethod
    def create_service(*, actor, data):
        return services.knowledge_test_save(actor=actor, test=KnowledgeTest(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.knowledge_test_save(actor=actor, test=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.knowledge_test_delete(actor=actor, test=instance)


class EvaluationItemViewSet(PolicyModelViewSet):
    model = EvaluationItem
    icon = "pick"
    menu_order = 160
    list_display = ["text", "course", "kind", "order", "required"]
    list_filter = ["course", "kind"]
    search_fields = ["text"]
    search_backend_name = None
    form_fields = ["course", "order", "text", "kind", "required"]
    limit_choices = staticmethod(_limit_to_managed_courses)

    @staticmethod
    def create_service(*, actor, data):
        return services.evaluation_item_save(actor=actor, item=EvaluationItem(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.evaluation_item_save(actor=actor, item=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.evaluation_item_delete(actor=actor, item=instance)


class EnrolmentViewSet(PolicyModelViewSet):
    """Who is enrolled where: coordinators, auditors, trainers (their courses), CSO admins
    (their members) and municipal officers (their staff). Enrolling and cancelling happen on the
    course pages."""

    model = Enrolment
    icon = "user"
    menu_order = 170
    list_display = ["person", "course", "status", "organisation", "administration", "created_at"]
    list_filter = ["status", "participant_group", "course"]
    search_fields = ["person__first_name", "person__last_name", "course__title"]
    search_backend_name = None
    list_per_page = 50
    form_fields = ["status"]
    inspect_view_fields = [
        "person", "course", "status", "participant_group", "organisation", "administration",
        "municipality", "pre_test_form", "created_at", "status_changed_at",
    ]  # fmt: skip

    @cached_property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)


class CertificateViewSet(PolicyModelViewSet):
    model = Certificate
    icon = "success"
    menu_order = 180
    list_display = ["code", "holder_name", "course_title", "issued_at", "revoked_at"]
    search_fields = ["code", "holder_name", "course_title"]
    search_backend_name = None
    list_per_page = 50
    form_fields = ["revoked_reason"]
    inspect_view_fields = [
        "code", "holder_name", "course_title", "hours", "first_date", "last_date", "issued_at",
        "revoked_at", "revoked_reason",
    ]  # fmt: skip

    @cached_property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)


class TrainingsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Trainings")
    menu_icon = "doc-full"
    menu_order = 300
    items = [
        ProgrammeViewSet("training_programmes"),
        CourseViewSet("training_courses"),
        ModuleViewSet("training_modules"),
        SessionViewSet("training_sessions"),
        QuestionViewSet("training_questions"),
        KnowledgeTestViewSet("training_tests"),
        EvaluationItemViewSet("training_evaluation_items"),
        EnrolmentViewSet("training_enrolments"),
        CertificateViewSet("training_certificates"),
    ]
