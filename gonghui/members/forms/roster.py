"""Forms of the roster pages: the search/filter bar and the import upload."""

import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import ChooserField, org_chooser, org_label
from gonghui.core.xlsx import sheet_row_count
from gonghui.members.models import JobType, Member
from gonghui.members.selectors.roster import MAX_PAGE_SIZE, PAGE_SIZE
from gonghui.members.services.roster_import import MAX_ROWS
from gonghui.orgs.models import Org

# A 100,000-row roster from the template is about 4 MB (40 MB unpacked); these leave ample room.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024


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
        label=_("会籍状态"), required=False, choices=[("", _("全部"))] + list(Member.Status.choices)
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
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("只能上传 .xlsx 格式的 Excel 文件（可先用模板另存为 .xlsx）。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("文件超过%(mb)sMB，请拆分后分批导入。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            raise ValidationError(_("无法读取文件：请上传由模板填写的 .xlsx 文件。"))
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:  # a small file may unpack to gigabytes (a zip bomb)
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValidationError(_("无法读取文件：请上传由模板填写的 .xlsx 文件。"))
        upload.seek(0)
        rows = sheet_row_count(upload) - 1  # the header
        upload.seek(0)
        if rows > MAX_ROWS:
            raise ValidationError(
                _("文件约有%(rows)s行，超过%(max)s行的上限，请拆分后分批导入。")
                % {"rows": f"{rows:,}", "max": f"{MAX_ROWS:,}"}
            )
        return upload
