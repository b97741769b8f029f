"""Supervision letters: the forms of the cadre's pages."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.rights.models.letters import SupervisionLetter

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LetterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("文书类型"),
        choices=[
            (k.value, k.label) for k in (SupervisionLetter.Kind.REMINDER, SupervisionLetter.Kind.OPINION)
        ],
        help_text=_("提示函：提醒用人单位依法履责；意见书：指出违法问题并提出整改意见。"),
    )
    org = forms.TypedChoiceField(label=_("发函工会"), coerce=int)
    enterprise = forms.CharField(
        label=_("用人单位"),
        max_length=100,
        required=False,
        help_text=_("填写用人单位全称或统一社会信用代码；不在本系统的单位可只填主送单位。"),
    )
    addressee = forms.CharField(
        label=_("主送单位"), max_length=100, required=False, help_text=_("不填则为所选用人单位的名称。")
    )
    problem = forms.ChoiceField(label=_("问题类型"), choices=SupervisionLetter.Problem.choices)
    title = forms.CharField(
        label=_("标题"), max_length=100, help_text=_("如“关于依法足额支付职工工资的意见书”")
    )
    facts = forms.CharField(label=_("发现的问题"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    basis = forms.CharField(
        label=_("法律依据"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如“《中华人民共和国劳动法》第五十条”"),
    )
    demands = forms.CharField(label=_("整改要求"), max_length=1500, widget=forms.Textarea(attrs={"rows": 4}))
    reply_days = forms.IntegerField(
        label=_("回复期限（工作日）"),
        min_value=1,
        max_value=60,
        error_messages={"min_value": _("至少 1 个工作日。"), "max_value": _("最多 60 个工作日。")},
    )

    field_order = ["org", "kind", "enterprise", "addressee", "problem", "title", "facts", "basis", "demands"]

    def __init__(self, *args, orgs=(), reply_days: int = 15, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {o.pk: o for o in orgs}
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]
        self.fields["reply_days"].initial = reply_days
        if draft:  # editing a draft: the issuer, the kind and the employer stay
            for name in ("org", "kind", "enterprise"):
                del self.fields[name]

    def clean_org(self):
        return self.orgs[self.cleaned_data["org"]]


class ServeForm(forms.Form):
    served_on = forms.DateField(label=_("送达日期"), widget=_DATE)
    how = forms.ChoiceField(label=_("送达方式"), choices=SupervisionLetter.Served.choices)
    signed_by = forms.CharField(label=_("签收人"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_on"].initial = timezone.localdate()


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label=_("回复日期"), widget=_DATE)
    text = forms.CharField(label=_("回复内容"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].initial = timezone.localdate()


EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}
EVIDENCE_MAX = 10 * 1024 * 1024


class VerifyForm(forms.Form):
    verified_on = forms.DateField(label=_("核实日期"), widget=_DATE)
    verification = forms.CharField(
        label=_("核实情况"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如“实地查看工资发放记录，已补发”"),
    )
    evidence = forms.FileField(
        label=_("证明材料"), required=False, help_text=_("PDF、图片、Word 或 Excel，不超过 10 MB")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload is None:
            return None
        name = upload.name.lower()
        if not any(name.endswith(ext) for ext in EVIDENCE_TYPES):
            raise forms.ValidationError(_("证明材料只能是 PDF、图片（JPG、PNG）、Word 或 Excel 文件。"))
        if upload.size > EVIDENCE_MAX:
            raise forms.ValidationError(_("证明材料不能超过 10 MB。"))
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    organ_code = forms.CharField(
        label=_("发文机关代字"),
        max_length=10,
        help_text=format_lazy(_("文号的前缀，如“{example}”"), example="桐工函"),
    )
    reply_days = forms.IntegerField(label=_("默认回复期限（工作日）"), min_value=1, max_value=60)
    authority = forms.CharField(
        label=_("劳动保障行政部门"),
        max_length=80,
        required=False,
        help_text=_("建议书的主送机关，如“桐川县人力资源和社会保障局”"),
    )
