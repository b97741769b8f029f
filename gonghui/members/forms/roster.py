"""Forms of the roster pages: the search/filter bar and the import upload."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import ChooserField, org_chooser, org_label
from gonghui.core.xlsx import check_upload
from gonghui.members.models import JobType, Member
from gonghui.members.selectors.roster import HOLDING, HOLDING_LABEL, MAX_PAGE_SIZE, PAGE_SIZE
from gonghui.members.services.roster_import import MAX_ROWS
from gonghui.orgs.models import Org


def upload_limit_bytes() -> int:
    """settings.GONGHUI_UPLOAD_MAX_BYTES (20 MB: a 100,000-row roster from the template is about 4 MB).
    docs/deploy.md sets nginx's client_max_body_size a little above it."""
    return settings.GONGHUI_UPLOAD_MAX_BYTES


def upload_too_large_message() -> str:
    return gettext("文件超过%(mb)sMB，请拆分后分批导入。") % {"mb": upload_limit_bytes() // (1024 * 1024)}


class _OrgFilterField(ChooserField):
    """Cleans to the org's uuid as text; the view checks it against the scope (outside it → 404).

    A typed name (no JavaScript) is resolved among the orgs the user sees."""

    def to_python(self, value):
        hidden, text = value if isinstance(value, tuple) else (value, "")
        hidden, text = str(hidden or "").strip(), str(text or "").strip()
        if hidden and (not text or self._by_key(hidden) is None):
            return hidden
        org = super().to_python((hidden, text))
        return str(org.uuid) if org else ""


class RosterFilterForm(forms.Form):
    """GET filters. The org arrives as a uuid and is resolved by the view (outside scope → 404)."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("姓名、会员编号、手机号码或身份证号码"),
                "type": "search",
                "autocomplete": "off",
            }
        ),
    )
    org = _OrgFilterField(
        Org.objects.filter(is_active=True),
        search_url="orgs:search",
        search_params={"for": "scope"},
        label=_("工会"),
        required=False,
        noun=_("工会组织"),
        label_fn=org_label,
        placeholder=_("全部（我的范围）；输入名称查找"),
    )
    status = forms.ChoiceField(
        label=_("会籍状态"),
        required=False,
        choices=[("", _("全部")), (HOLDING, HOLDING_LABEL)] + list(Member.Status.choices),
    )
    new_form = forms.ChoiceField(
        label=_("新就业形态"), required=False, choices=[("", _("全部")), ("1", _("是")), ("0", _("否"))]
    )
    job_type = forms.ChoiceField(
        label=_("职业类型"), required=False, choices=[("", _("全部"))] + list(JobType.choices)
    )
    page_size = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, widget=forms.HiddenInput
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Never listed (a province has 100k orgs): the chooser searches the user's scope as one types.
        if isinstance(orgs, QuerySet):
            self.fields["org"].queryset = orgs

    def clean_page_size(self) -> int:
        return self.cleaned_data.get("page_size") or PAGE_SIZE


class RosterImportForm(forms.Form):
    org = org_chooser(
        label=_("导入到工会"),
        purpose="import",
        error_messages={
            "invalid_choice": _("请选择您管理的、可直接发展会员的工会。"),
            "required": _("请选择工会。"),
        },
    )
    file = forms.FileField(
        label=_("名册文件（.xlsx）"),
        help_text=lazy(
            lambda: gettext("请使用下载的模板填写，最多%(n)s行。") % {"n": f"{MAX_ROWS:,}"}, str
        )(),
        error_messages={"required": _("请选择要上传的文件。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = unions
        if not self.is_bound and "org" not in self.initial:
            only = list(unions[:2])
            if len(only) == 1:  # an enterprise union's cadre manages one union: choose it for them
                self.initial["org"] = only[0]

    def clean_file(self):
        """Cheap checks only (the job reads the file and says what is wrong in it, row by row)."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("只能上传 .xlsx 格式的 Excel 文件（可先用模板另存为 .xlsx）。"))
        if upload.size > upload_limit_bytes():
            raise ValidationError(upload_too_large_message())
        check_upload(upload)
        return upload
