"""Forms of the notice pages; the rules live in notices/services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_chooser
from gonghui.notices.models import Notice
from gonghui.orgs.models import JobType

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _datetime(label, *, required: bool, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写时间。"), "invalid": _("请填写正确的时间。")},
    )


class NoticeForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("发布组织"),
        error_messages={"required": _("请选择发布公告的组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(label=_("标题"), max_length=120, error_messages={"required": _("请填写标题。")})
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("请填写正文。")},
    )
    audience_role = forms.ChoiceField(
        label=_("面向对象"),
        choices=Notice.Role.choices,
        initial=Notice.Role.MEMBERS,
        help_text=_("发布组织及其下级范围内的会员、工会干部或志愿者。"),
        error_messages={"required": _("请选择面向对象。"), "invalid_choice": _("请从列表中选择面向对象。")},
    )
    job_types = forms.MultipleChoiceField(
        label=_("仅面向以下职业类型的会员"),
        choices=JobType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则面向全部会员。"),
        error_messages={"invalid_choice": _("请从列表中选择职业类型。")},
    )
    members_only = forms.BooleanField(
        label=_("仅限会员（不勾选则所有注册职工可见）"), required=False, initial=True
    )
    publish_at = _datetime(_("发布时间"), required=False, help_text=_("不填则立即发布。"))
    expire_at = _datetime(_("截止时间"), required=False, help_text=_("过了截止时间不再向职工显示。"))
    pinned = forms.BooleanField(label=_("置顶"), required=False)

    def __init__(self, *args, user, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org is not None:
            del self.fields["org"]
        else:
            from gonghui.orgs.selectors import manageable_orgs

            self.fields["org"].queryset = manageable_orgs(user)

    def clean(self):
        data = super().clean()
        publish_at, expire_at = data.get("publish_at") or timezone.now(), data.get("expire_at")
        if expire_at and expire_at <= publish_at:
            self.add_error("expire_at", _("截止时间必须晚于发布时间。"))
        return data

    @staticmethod
    def initial_for(notice: Notice) -> dict:
        return {
            "title": notice.title,
            "body": notice.body,
            "audience_role": notice.audience_role,
            "job_types": notice.job_type_list,
            "members_only": notice.members_only,
            "publish_at": timezone.localtime(notice.publish_at),
            "expire_at": timezone.localtime(notice.expire_at) if notice.expire_at else None,
            "pinned": notice.pinned,
        }
