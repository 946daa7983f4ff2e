"""Wagtail admin screens that obey the platform's policies and write through services.

Wagtail's generic model views check only model-level permissions; these add the per-record checks
(a record outside the user's scope answers 404, one they may see but not change answers 403) and
route every save and delete through the app's service, so the back office is audited like the rest.
"""

from __future__ import annotations

from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from . import permissions
from .forms import form_add_service_errors


class PolicyPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission-policy interface answered by ``core.permissions``."""

    def user_has_permission(self, user, action):
        return permissions.user_can(user, action, self.model)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return permissions.user_can(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(permissions.user_can(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        return permissions.scope(user, action, self.model._default_manager.all())

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.none()
        for action in actions:
            queryset = queryset | self.instances_user_has_permission_for(user, action)
        return queryset.distinct()

    def users_with_any_permission(self, actions):
        # Who holds a permission is for the authentication backends to say (the platform's role
        # backend answers from roles); core does not know where roles are kept.
        users = get_user_model().objects.none()
        for backend in auth.get_backends():
            if not hasattr(backend, "with_perm"):
                continue
            for action in actions:
                permission = f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"
                users = users | backend.with_perm(permission, is_active=None)
        return users.distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission([action])


def form_data(form) -> dict:
    """The validated values of a model form, ready for a service (files as Django does them)."""
    data = {}
    model_fields = {f.name: f for f in form._meta.model._meta.get_fields()}
    for name in form.fields:
        if name not in form.cleaned_data or name not in model_fields:
            continue
        value = form.cleaned_data[name]
        if isinstance(model_fields[name], models.FileField):
            if value is None:
                continue  # unchanged
            if value is False:
                value = ""  # cleared
        data[name] = value
    return data


class ScopedObjectMixin:
    """A record the user may not read answers 404 (its existence is not revealed); one they may
    read but not ``object_action`` answers 403."""

    object_action = "change"
    read_action = "view"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)  # Wagtail's lookup: 404 for an unknown id
        return permissions.get_for_user_or_404(
            self.request.user, self.object_action, type(obj), seen_by=self.read_action, pk=obj.pk
        )


class ServiceFormMixin:
    """Turn a service's ``ValidationError`` into form errors instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form_add_service_errors(form, error)
            # What Wagtail's is_valid() sets when the form itself is invalid: the banner above
            # the form ("could not be saved due to errors") and the code for JSON callers.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        limit = getattr(self, "limit_choices", None)
        if limit:
            limit(form, self.request.user)
        return form


class IndexView(generic.IndexView):
    index_scope_action = "view"
    read_action = "view"

    def get_base_queryset(self):
        return permissions.scope(
            self.request.user, self.index_scope_action, super().get_base_queryset()
        )


class CreateView(ServiceFormMixin, generic.CreateView):
    read_action = "view"
    create_service = None
    limit_choices = None

    def save_instance(self):
        return self.create_service(actor=self.request.user, data=form_data(self.form))


class EditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    update_service = None
    limit_choices = None

    def save_instance(self):
        self.has_content_changes = self.form.has_changed()
        return self.update_service(
            actor=self.request.user, instance=self.object, data=form_data(self.form)
        )


class DeleteView(ScopedObjectMixin, generic.DeleteView):
    object_action = "delete"
    delete_service = None

    def delete_action(self):
        self.delete_service(actor=self.request.user, instance=self.object)

    def form_valid(self, form):
        """A service that refuses the deletion (``ValidationError``: e.g. people registered for
        an event) leaves the record and says why on the confirmation screen."""
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))


class ReadObjectMixin(ScopedObjectMixin):
    def get_object(self, *args, **kwargs):
        self.object_action = self.read_action
        return super().get_object(*args, **kwargs)


class InspectView(ReadObjectMixin, generic.InspectView):
    pass


class HistoryView(ReadObjectMixin, generic.HistoryView):
    pass


class UsageView(ReadObjectMixin, generic.UsageView):
    pass


class PolicyModelViewSet(ModelViewSet):
    """A ModelViewSet whose permissions come from ``core.permissions`` and whose writes go through
    services: ``create_service(*, actor, data)``, ``update_service(*, actor, instance, data)``,
    ``delete_service(*, actor, instance)``. A service left ``None`` disables that screen."""

    create_service = None
    update_service = None
    delete_service = None
    limit_choices = None
    index_scope_action = "view"
    inspect_view_enabled = True
    copy_view_enabled = False

    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    inspect_view_class = InspectView
    history_view_class = HistoryView
    usage_view_class = UsageView

    @cached_property
    def permission_policy(self):
        return PolicyPermissionPolicy(self.model)

    def get_common_view_kwargs(self, **kwargs):
        # Reading a record in the back office needs what listing it needs (e.g. view_private).
        return super().get_common_view_kwargs(read_action=self.index_scope_action, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(index_scope_action=self.index_scope_action, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            create_service=self._require(self.create_service),
            limit_choices=self.limit_choices,
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            update_service=self._require(self.update_service),
            limit_choices=self.limit_choices,
            **kwargs,
        )

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(
            delete_service=self._require(self.delete_service), **kwargs
        )

    @staticmethod
    def _require(service):
        if service is None:

            def refuse(**kwargs):
                raise PermissionDenied

            return refuse
        return service
