"""The one base class of every app's admin, and the admin of core's own tables.

`GonghuiAdmin` holds the admin's rules, so no app's admin can forget one:

- The org of an existing record, its denormalised path and its workflow state are read-only: a
  record moves and a decision is taken through the pages and services, which check scope and log
  transitions. Records with a workflow state are never deleted here.
- Every add, change and deletion is audited (core.audit: who, what, when), like the pages'
  changes. An admin that routes its writes through a service that audits sets
  `audited_by_service`.
- Identity numbers and phones typed in a form go through core.validators' normalisers.

What a platform admin sees is decided by what is registered: configuration (the org tree, users and
positions, menus, settings, holiday tables, job states), never diaries, petitions, problems or
members' personal data (DESIGN.md: a platform admin sees no more personal data than its work needs).
"""

import functools
import json

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import audit, documents
from gonghui.core.models import AuditEntry, DocumentTemplate, Job, PersonalDataAccess, TransitionLog
from gonghui.core.pii import mask_mobile
from gonghui.core.validators import normalize_mobile, normalize_resident_id, normalize_uscc

# Form fields holding an identity number or a mobile number, by model field name.
IDENTITY_NORMALIZERS = {
    "phone": normalize_mobile,
    "mobile": normalize_mobile,
    "petitioner_phone": normalize_mobile,
    "id_number": normalize_resident_id,
    "uscc": normalize_uscc,
}
# Fields the admin never edits on an existing record.
GUARDED_FIELDS = ("org", "org_path", "state")
_MASKED_IN_AUDIT = {"phone", "mobile", "petitioner_phone"}


class NormalizedCharField(forms.CharField):
    """A text field whose value is normalised (and so checked) before any other validation."""

    def __init__(self, *, normalize, **kwargs):
        self.normalize = normalize
        kwargs.pop("max_length", None)  # the length is the normaliser's to check, after spaces go
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _audit_value(field: str, value):
    if field in _MASKED_IN_AUDIT and isinstance(value, str):
        return mask_mobile(value)
    return value


class GonghuiAdmin(admin.ModelAdmin):
    audited_by_service = False

    # ---------------------------------------------------------------- what may be edited

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        names = _field_names(self.model)
        guarded = GUARDED_FIELDS if obj is not None else ("org_path", "state")
        fields += [f for f in guarded if f in names and f not in fields]
        return fields

    def has_delete_permission(self, request, obj=None):
        # A record with a workflow state keeps its history: it is closed or cancelled, not deleted.
        if "state" in _field_names(self.model):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        normalize = IDENTITY_NORMALIZERS.get(db_field.name)
        if normalize is not None and isinstance(db_field, models.CharField) and not db_field.choices:
            kwargs["form_class"] = functools.partial(NormalizedCharField, normalize=normalize)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # ---------------------------------------------------------------- audit

    def save_model(self, request, obj, form, change):
        request._gonghui_admin_changes = self._changes(obj, form, change)
        super().save_model(request, obj, form, change)

    def _changes(self, obj, form, change) -> dict:
        concrete = {f.name for f in self.model._meta.concrete_fields}
        fields = [f for f in form.changed_data if f in concrete]
        if change and obj.pk is not None:
            before = audit.snapshot(type(obj)._base_manager.get(pk=obj.pk), fields)
        else:
            before = dict.fromkeys(fields)
        changes = {
            f: [_audit_value(f, old), _audit_value(f, new)]
            for f, (old, new) in audit.diff(before, obj).items()
        }
        many = {f.name for f in self.model._meta.many_to_many}
        for name in form.changed_data:  # only the model's own relations: never a form's password fields
            if name in many and name in form.cleaned_data:
                value = form.cleaned_data[name]
                if hasattr(value, "__iter__") and not isinstance(value, str):
                    value = sorted(str(v) for v in value)
                changes[name] = ["…", value if isinstance(value, list) else str(value)]
        return changes

    def _record(self, request, obj, action: str, message) -> None:
        if self.audited_by_service:
            return
        changes = getattr(request, "_gonghui_admin_changes", None)
        if changes is None:
            changes = self._changes_from_message(message)
        request._gonghui_admin_changes = None
        if action == "admin_change" and not changes:
            return  # saved without changes (or only an inline's, audited in save_formset)
        audit.record(obj, action=action, actor=request.user, changes=changes)

    @staticmethod
    def _changes_from_message(message) -> dict:
        """Views without a model form (the password page) name the changed fields in their message."""
        try:
            entries = json.loads(message) if isinstance(message, str) else message
        except ValueError:
            entries = []
        fields = []
        for entry in entries if isinstance(entries, list) else []:
            fields += (entry.get("changed") or {}).get("fields", []) if isinstance(entry, dict) else []
        return {str(f): ["***", "***"] for f in fields}

    def log_addition(self, request, obj, message):
        self._record(request, obj, "admin_add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._record(request, obj, "admin_change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        if not self.audited_by_service:
            for obj in queryset:
                audit.record(
                    obj, action="admin_delete", actor=request.user, changes={"record": [str(obj), None]}
                )
        return super().log_deletions(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if self.audited_by_service:
            return
        label = formset.model._meta.model_name
        parent = form.instance
        for obj in formset.new_objects:
            audit.record(parent, action="admin_change", actor=request.user, changes={label: [None, str(obj)]})
        for obj, fields in formset.changed_objects:
            audit.record(
                parent, action="admin_change", actor=request.user, changes={label: [str(obj), sorted(fields)]}
            )
        for obj in formset.deleted_objects:
            audit.record(parent, action="admin_change", actor=request.user, changes={label: [str(obj), None]})


class ReadOnlyAdmin(GonghuiAdmin):
    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------- core's own tables


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """The state of background jobs; their parameters, results and row errors may name people."""

    list_display = (
        "created_at",
        "kind",
        "state",
        "stage",
        "done",
        "total",
        "org",
        "created_by",
        "finished_at",
    )
    list_filter = ("state", "kind")
    list_select_related = ("org", "created_by")
    fields = (
        "uuid",
        "kind",
        "state",
        "stage",
        "done",
        "total",
        "org",
        "created_by",
        "created_at",
        "finished_at",
    )
    readonly_fields = fields
    date_hierarchy = "created_at"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Who changed what and when; the values themselves stay on the pages of those who may see them."""

    list_display = ("at", "action", "content_type", "object_id", "org", "actor", "changed_fields")
    list_filter = ("action", "content_type")
    search_fields = ("action",)
    list_select_related = ("content_type", "org", "actor")
    fields = ("at", "action", "content_type", "object_id", "org", "actor", "changed_fields")
    readonly_fields = fields
    date_hierarchy = "at"

    @admin.display(description=_("变更的字段"))
    def changed_fields(self, obj) -> str:
        return "、".join(sorted(obj.changes or {}))


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "transition", "from_state", "to_state", "actor")
    list_filter = ("content_type", "transition", "to_state")
    list_select_related = ("content_type", "actor")
    fields = ("at", "content_type", "object_id", "transition", "from_state", "to_state", "actor")
    readonly_fields = fields
    date_hierarchy = "at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "content_type", "object_id", "org", "subject_count", "purpose")
    list_filter = ("action", "content_type")
    search_fields = ("purpose",)
    list_select_related = ("actor", "content_type", "org")
    date_hierarchy = "at"


class DocumentTemplateForm(forms.ModelForm):
    """A kind's template for an org's subtree, or platform-wide without an org: the uploaded .docx
    is checked as the pages check it (core.documents.check_template: it must fill)."""

    upload = forms.FileField(
        label=_("模板文件（.docx）"), help_text=_("在Word中由默认模板修改后上传，不超过5MB。")
    )

    class Meta:
        model = DocumentTemplate
        fields = ("key", "org")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"] = forms.ChoiceField(
                label=_("文书类型"), choices=[(k.key, f"{k.title}（{k.key}）") for k in documents.kinds()]
            )
        if self.instance.pk is not None:
            self.fields["upload"].required = False  # the file in place stays unless another is given

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        key = data.get("key") or self.instance.key
        if upload is not None and key:
            content = upload.read()
            try:
                documents.check_template(key, content)
            except forms.ValidationError as e:
                self.add_error("upload", e.message_dict.get("content", e.messages))
            else:
                self.instance.content = content
                self.instance.filename = (upload.name or "")[:200]
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(GonghuiAdmin):
    """Word templates of letters and certificates: an org's own for its subtree, or platform-wide."""

    form = DocumentTemplateForm
    list_display = ("key", "kind_title", "org", "filename", "uploaded_by", "updated_at")
    list_filter = ("key",)
    list_select_related = ("org", "uploaded_by")
    raw_id_fields = ("org",)
    readonly_fields = ("filename", "uploaded_by", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + (["key"] if obj is not None else [])  # another kind is another template

    @admin.display(description=_("文书名称"))
    def kind_title(self, obj) -> str:
        try:
            return documents.kind(obj.key).title
        except LookupError:
            return "—"

    def _changes(self, obj, form, change) -> dict:
        changes = super()._changes(obj, form, change)
        if "upload" in form.changed_data:
            changes["content"] = ["…", obj.filename]  # the file's name, not its bytes
        return changes

    def save_model(self, request, obj, form, change):
        obj.org_path = obj.org.path if obj.org_id is not None else ""
        if "upload" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
