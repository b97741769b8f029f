"""Forms for the service menu, teams, orders and the dispatch board (input only: rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_choice
from gonghui.servicedesk.models import Category, MenuItem, ServiceTeam, ServiceTeamMember
from gonghui.servicedesk.workflows import ORDER_FLOW

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MenuItemForm(forms.ModelForm):
    org = forms.ModelChoiceField(label=_("所属组织"), queryset=None)

    class Meta:
        model = MenuItem
        fields = [
            "org",
            "title",
            "category",
            "description",
            "team",
            "duration_minutes",
            "serves_people",
            "bus_eligible",
            "for_workers",
            "for_enterprises",
            "for_unions",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, orgs, teams, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"] = org_choice(orgs, purpose="area", label=_("所属组织"))
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda t: f"{t.name}（{t.org.name}）"

    def _post_clean(self):
        # Validation of the rules is the service's job; skip the model's full_clean on a partial instance.
        pass


class TeamForm(forms.Form):
    org = forms.ModelChoiceField(label=_("所属组织"), queryset=None)
    name = forms.CharField(label=_("服务队名称"), max_length=60)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader_phone = forms.CharField(
        label=_("队长手机号码"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
            del self.fields["leader_phone"]
        else:
            self.fields["org"] = org_choice(orgs, purpose="manage", label=_("所属组织"))


class TeamEditForm(forms.Form):
    name = forms.CharField(label=_("服务队名称"), max_length=60)
    description = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("有效"), required=False)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


class TeamMemberForm(PhoneForm):
    kind = forms.ChoiceField(
        label=_("身份"), choices=ServiceTeamMember.Kind.choices, initial=ServiceTeamMember.Kind.VOLUNTEER
    )


class OrderForm(forms.Form):
    capacity = forms.ChoiceField(label=_("点单身份"))
    place = forms.CharField(label=_("服务地点"), max_length=150)
    wished_date = forms.DateField(label=_("期望日期"), widget=DATE)
    wished_until = forms.DateField(
        label=_("期望截止日期"),
        required=False,
        widget=DATE,
        help_text=_("可在一段时间内安排的，填写最晚日期"),
    )
    expected_people = forms.IntegerField(label=_("预计人数"), min_value=1, max_value=100000)
    note = forms.CharField(label=_("需求说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contexts, **kwargs):
        super().__init__(*args, **kwargs)
        self.contexts = {c.key: c for c in contexts}
        self.fields["capacity"].choices = [(c.key, c.label) for c in contexts]
        if len(contexts) == 1:
            self.fields["capacity"].initial = contexts[0].key

    def clean_capacity(self):
        return self.contexts[self.cleaned_data["capacity"]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class DispatchForm(forms.Form):
    team = forms.ModelChoiceField(label=_("服务队"), queryset=ServiceTeam.objects.none())
    service_date = forms.DateField(label=_("服务日期"), widget=DATE)
    service_place = forms.CharField(label=_("服务地点"), max_length=150)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from gonghui.core.scoping import subtree_q

        self.fields["team"].queryset = (
            ServiceTeam.objects.filter(
                Q(subtree_q(order.org.path, "org_path")) | Q(pk=order.item.team_id), is_active=True
            )
            .select_related("org")
            .order_by("org__path", "name")
        )
        if not self.is_bound:
            self.initial.setdefault("team", order.team_id or order.item.team_id)
            self.initial.setdefault("service_date", order.service_date or order.wished_date)
            self.initial.setdefault("service_place", order.service_place or order.place)


class DeliverForm(forms.Form):
    people_served = forms.IntegerField(label=_("服务人数"), min_value=1, max_value=100000)
    report = forms.CharField(label=_("服务小结"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        # Nothing chosen until the orderer chooses: one careless tap must not record five stars.
        empty_value=None,
        error_messages={"required": _("请选择评分。")},
        choices=[
            ("", _("请选择评分")),
            (5, _("5分 非常满意")),
            (4, _("4分 满意")),
            (3, _("3分 一般")),
            (2, _("2分 不满意")),
            (1, _("1分 很不满意")),
        ],
    )
    comment = forms.CharField(label=_("评价"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False)
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *Category.choices]
    )
    team = forms.TypedChoiceField(label=_("服务队"), required=False, coerce=int, empty_value=None)
    org = forms.ChoiceField(label=_("范围"), required=False)
    start = forms.DateField(label=_("期望日期自"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)

    def __init__(self, *args, teams, orgs, **kwargs):
        """`teams`: (pk, name) of the teams the user may filter by; `orgs`: the subtrees."""
        super().__init__(*args, **kwargs)
        self.orgs = {str(o.uuid): o for o in orgs}
        self.fields["team"].choices = [("", _("全部服务队")), *teams]
        self.fields["org"].choices = [("", _("全部")), *[(str(o.uuid), o.name) for o in orgs]]
        self.fields["state"].choices = [
            ("", _("全部状态")),
            ("open", _("办理中")),
            ("overdue", _("已逾期")),
            *ORDER_FLOW.choices(),
        ]

    def clean_org(self):
        value = self.cleaned_data.get("org")
        return self.orgs.get(value) if value else None


class FiguresForm(forms.Form):
    org = forms.ChoiceField(label=_("范围"), required=False)
    start = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    end = forms.DateField(label=_("结束日期"), required=False, widget=DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {str(o.uuid): o for o in orgs}
        self.fields["org"].choices = [(str(o.uuid), o.name) for o in orgs]

    def clean_org(self):
        value = self.cleaned_data.get("org")
        return self.orgs.get(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("开始日期不能晚于结束日期。"))
        return data
