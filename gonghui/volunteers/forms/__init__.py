"""Forms of the volunteer pages. They collect input; the rules live in volunteers/services.py."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.choosers import org_chooser
from gonghui.core.validators import normalize_mobile
from gonghui.members.selectors.people import person_in_scope
from gonghui.orgs.forms import public_area_field
from gonghui.volunteers.models import Volunteer, VolunteerTeam

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class RegisterForm(forms.Form):
    org = public_area_field(
        label=_("服务所在区域"),
        noun=_("区域工会"),
        required=False,
        help_text=_("会员在所在工会登记；其他人选择常住或工作的区域。"),
        error_messages={"invalid_choice": _("请从搜索结果中选择服务所在的区域工会。")},
    )
    skills = forms.CharField(
        label=_("特长技能"),
        max_length=200,
        required=False,
        help_text=_("如：法律咨询、医疗护理、文艺演出、心理疏导"),
    )
    availability = forms.CharField(
        label=_("可服务时间"), max_length=200, required=False, help_text=_("如：周末全天、工作日晚上")
    )
    consent = forms.BooleanField(
        label=_(
            "我已阅读并同意：工会为组织志愿服务、记录和证明服务时长的目的，处理我的姓名、手机号码、特长技能和服务记录。"
        ),
        error_messages={"required": _("请阅读并同意个人信息处理说明后再提交。")},
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            del self.fields["org"]

    def clean(self):
        data = super().clean()
        if "org" in self.fields and not data.get("org") and "org" not in self.errors:
            self.add_error("org", _("请选择服务所在的区域工会。"))
        return data


class ProfileForm(forms.Form):
    skills = forms.CharField(label=_("特长技能"), max_length=200, required=False)
    availability = forms.CharField(label=_("可服务时间"), max_length=200, required=False)


NOT_FOUND_IN_SCOPE = _(
    "在您管理的范围内没有找到使用这个手机号码的用户。请核对号码；不在本辖区的，请其先在本辖区登记。"
)


def _volunteer_by_phone(phone: str, *, actor) -> Volunteer:
    """An active volunteer of the actor's subtrees; one registered elsewhere reads as unknown."""
    phone = normalize_mobile(phone)
    volunteer = Volunteer.objects.visible_to(actor).select_related("user").filter(user__phone=phone).first()
    if volunteer is None or volunteer.status != Volunteer.Status.ACTIVE:
        raise forms.ValidationError(_("在您管理的范围内没有找到使用这个手机号码登记的在册志愿者。"))
    return volunteer


def _user_by_phone(phone: str, *, actor) -> User:
    """A user the actor may know of (members.selectors.people, plus the actor's volunteers)."""
    user = User.objects.filter(phone=normalize_mobile(phone), is_active=True).first()
    volunteers = (Volunteer.objects.all(), Volunteer.objects.visible_to(actor, own=False), "user")
    if user is None or not person_in_scope(actor, user, also=(volunteers,)):
        raise forms.ValidationError(NOT_FOUND_IN_SCOPE)
    return user


class TeamForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("所属组织"),
        error_messages={"required": _("请选择所属组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    name = forms.CharField(
        label=_("队伍名称"), max_length=80, error_messages={"required": _("请填写队伍名称。")}
    )
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader_phone = forms.CharField(
        label=_("队长手机号码"),
        max_length=20,
        required=False,
        help_text=_("队长须先登记为志愿者；可以稍后再指定。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import manageable_orgs

        self.fields["org"].queryset = manageable_orgs(user)
        self.user = user

    def clean_leader_phone(self):
        phone = self.cleaned_data["leader_phone"].strip()
        return _volunteer_by_phone(phone, actor=self.user) if phone else None


class LeaderForm(forms.Form):
    leader_phone = forms.CharField(
        label=_("队长手机号码"),
        max_length=20,
        error_messages={"required": _("请填写队长的手机号码。")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_leader_phone(self):
        return _volunteer_by_phone(self.cleaned_data["leader_phone"].strip(), actor=self.user)


class AllianceForm(forms.Form):
    org = org_chooser(
        None,
        purpose="area",
        label=_("组建组织"),
        error_messages={
            "required": _("请选择组建联盟的总工会或区域工会。"),
            "invalid_choice": _("请选择您管理的总工会或区域工会。"),
        },
    )
    name = forms.CharField(
        label=_("联盟名称"), max_length=80, error_messages={"required": _("请填写联盟名称。")}
    )
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import area_choices_for

        self.fields["org"].queryset = area_choices_for(user)


class AllianceTeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("志愿服务队"),
        queryset=VolunteerTeam.objects.none(),
        empty_label=_("请选择志愿服务队"),
        error_messages={
            "required": _("请选择志愿服务队。"),
            "invalid_choice": _("请从列表中选择志愿服务队。"),
        },
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda t: f"{t.name}（{t.org.name}）"


class TaskForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("发布组织"),
        error_messages={"required": _("请选择发布任务的组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(
        label=_("任务名称"), max_length=100, error_messages={"required": _("请填写任务名称。")}
    )
    description = forms.CharField(
        label=_("任务内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelChoiceField(
        label=_("志愿服务队"),
        queryset=VolunteerTeam.objects.none(),
        required=False,
        empty_label=_("不限队伍"),
        error_messages={"invalid_choice": _("请从列表中选择志愿服务队。")},
    )
    place = forms.CharField(
        label=_("服务地点"), max_length=150, error_messages={"required": _("请填写服务地点。")}
    )
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写开始时间。"), "invalid": _("请填写正确的时间。")},
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        error_messages={"required": _("请填写结束时间。"), "invalid": _("请填写正确的时间。")},
    )
    capacity = forms.IntegerField(
        label=_("招募人数"),
        min_value=1,
        max_value=10000,
        error_messages={
            "required": _("请填写招募人数。"),
            "min_value": _("招募人数至少为1人。"),
            "invalid": _("请填写整数。"),
        },
    )
    leader_phone = forms.CharField(
        label=_("任务负责人手机号码"),
        max_length=20,
        required=False,
        help_text=_("负责现场签到和确认时长；不填则由您负责。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, user, org=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_org = org
        self.user = user
        if org is not None:
            del self.fields["org"]
        else:
            from gonghui.orgs.selectors import manageable_orgs

            self.fields["org"].queryset = manageable_orgs(user)
        if teams is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = teams

    def clean_leader_phone(self):
        phone = self.cleaned_data["leader_phone"].strip()
        if not phone:
            return None
        return _user_by_phone(phone, actor=self.user)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间必须晚于开始时间。"))
        return data


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("服务时长（小时）"),
        required=False,
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
        error_messages={
            "invalid": _("请填写数字。"),
            "min_value": _("服务时长不能为负数。"),
            "max_decimal_places": _("服务时长以0.5小时为单位。"),
        },
    )


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)

    def year_or_current(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year
