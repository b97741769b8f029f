"""Forms of the tournament pages: they collect input; the rules live in services.py."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.validators import normalize_mobile
from gonghui.tournaments.models import Court, Division, TimeSlot
from gonghui.tournaments.standings import TIEBREAKERS

TIEBREAKER_LABELS = {
    "points": _("积分"),
    "head_to_head": _("相互胜负"),
    "wins": _("胜场数"),
    "set_ratio": _("胜负局比值"),
    "point_ratio": _("得失分比值"),
    "set_diff": _("净胜局"),
    "point_diff": _("净胜分"),
}


class TournamentForm(forms.Form):
    org = forms.ModelChoiceField(
        queryset=None, label=_("主办组织"), error_messages={"required": _("请选择主办组织。")}
    )
    name = forms.CharField(
        label=_("赛事名称"), max_length=100, error_messages={"required": _("请填写赛事名称。")}
    )
    sport = forms.CharField(label=_("项目"), max_length=40, initial=_("气排球"))
    sets_to_win = forms.IntegerField(
        label=_("胜局数"), min_value=0, max_value=5, initial=2, help_text=_("三局两胜填 2；按比分计分填 0")
    )
    set_points = forms.IntegerField(
        label=_("每局分数"),
        min_value=0,
        max_value=99,
        initial=21,
        required=False,
        help_text=_("先得该分且领先 2 分者胜一局（排球 25，气排球 21）；填 0 不检查局分"),
    )
    deciding_set_points = forms.IntegerField(
        label=_("决胜局分数"),
        min_value=0,
        max_value=99,
        initial=15,
        required=False,
        help_text=_("排球、气排球的决胜局为 15 分；填 0 与其他局相同"),
    )
    match_minutes = forms.IntegerField(label=_("每场时长（分钟）"), min_value=5, max_value=600, initial=50)
    rest_minutes = forms.IntegerField(
        label=_("两场之间最少休息（分钟）"), min_value=0, max_value=1440, initial=60
    )
    tiebreakers = forms.CharField(
        label=_("排名规则"),
        initial="points,head_to_head,set_ratio,point_ratio",
        help_text=_(
            "按先后用英文逗号分隔：points 积分, head_to_head 相互胜负, wins 胜场, set_ratio 局比值, point_ratio 分比值"
        ),
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def clean_set_points(self):
        return self.cleaned_data.get("set_points") or 0

    def clean_deciding_set_points(self):
        return self.cleaned_data.get("deciding_set_points") or 0

    def clean_tiebreakers(self):
        items = [t.strip() for t in self.cleaned_data["tiebreakers"].split(",") if t.strip()]
        bad = [t for t in items if t not in TIEBREAKERS]
        if bad or not items:
            raise forms.ValidationError(_("排名规则不正确：%(bad)s") % {"bad": "、".join(bad) or "—"})
        return items


class DivisionForm(forms.Form):
    name = forms.CharField(
        label=_("组别名称"), max_length=40, error_messages={"required": _("请填写组别名称。")}
    )
    format = forms.ChoiceField(label=_("赛制"), choices=Division.Format.choices)
    group_count = forms.IntegerField(label=_("小组数"), min_value=1, max_value=32, initial=2)
    advance_per_group = forms.IntegerField(label=_("每组出线队数"), min_value=1, max_value=4, initial=2)


class CourtForm(forms.Form):
    name = forms.CharField(
        label=_("场地名称"), max_length=40, error_messages={"required": _("请填写场地名称。")}
    )


class SlotsForm(forms.Form):
    first_day = forms.DateField(
        label=_("第一天"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请选择日期。")},
    )
    days = forms.IntegerField(label=_("天数"), min_value=1, max_value=120, initial=1)
    times = forms.CharField(
        label=_("每天开赛时间"),
        initial="09:00,10:00,11:00,14:00,15:00,16:00",
        help_text=_("用英文逗号分隔，如 09:00,10:00"),
    )

    def clean_times(self):
        found = []
        for part in self.cleaned_data["times"].replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            m = re.fullmatch(r"(\d{1,2}):(\d{2})", part)
            if not m or int(m[1]) > 23 or int(m[2]) > 59:
                raise forms.ValidationError(_("时间格式不正确：%(t)s") % {"t": part})
            found.append(datetime.time(int(m[1]), int(m[2])))
        if not found:
            raise forms.ValidationError(_("请填写开赛时间。"))
        return sorted(set(found))


class ResultForm(forms.Form):
    sets = forms.CharField(
        label=_("每局比分"),
        required=False,
        help_text=_("如 25:20 18:25 15:12（主队在前，空格分隔）"),
    )
    home_score = forms.IntegerField(label=_("主队得分"), min_value=0, max_value=999, required=False)
    away_score = forms.IntegerField(label=_("客队得分"), min_value=0, max_value=999, required=False)
    forfeit = forms.ChoiceField(label=_("弃权"), required=False)

    def __init__(self, *args, match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["forfeit"].choices = [
            ("", _("无")),
            ("home", _("%(team)s弃权") % {"team": match.home_name}),
            ("away", _("%(team)s弃权") % {"team": match.away_name}),
        ]
        if match.tournament.sets_to_win:
            del self.fields["home_score"]
            del self.fields["away_score"]
        else:
            del self.fields["sets"]

    def clean_sets(self):
        text = self.cleaned_data["sets"].replace("：", ":").replace("，", " ").replace(",", " ")
        found = []
        for part in text.split():
            m = re.fullmatch(r"(\d{1,3}):(\d{1,3})", part)
            if not m:
                raise forms.ValidationError(_("局分格式不正确：%(s)s（应如 25:20）") % {"s": part})
            found.append((int(m[1]), int(m[2])))
        return found

    def clean(self):
        data = super().clean()
        if data.get("forfeit"):
            return data
        if "sets" in self.fields and not data.get("sets") and "sets" not in self.errors:
            self.add_error("sets", _("请填写每局比分，或选择弃权。"))
        if "home_score" in self.fields:
            for f in ("home_score", "away_score"):
                if data.get(f) is None and f not in self.errors:
                    self.add_error(f, _("请填写比分。"))
        return data


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(
        queryset=None, label=_("时段"), error_messages={"required": _("请选择时段。")}
    )
    court = forms.ModelChoiceField(
        queryset=None, label=_("场地"), error_messages={"required": _("请选择场地。")}
    )

    def __init__(self, *args, tournament, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = TimeSlot.objects.filter(tournament=tournament)
        self.fields["court"].queryset = Court.objects.filter(tournament=tournament)


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("队名"), max_length=60, error_messages={"required": _("请填写队名。")})
    unit = forms.CharField(label=_("单位"), max_length=100, required=False)
    players = forms.CharField(
        label=_("队员手机号码"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一个，队员须是本赛事范围内的会员；队长本人自动列入"),
        required=False,
    )

    def clean_players(self):
        phones = []
        for line in re.split(r"[\s,，]+", self.cleaned_data["players"]):
            if not line:
                continue
            try:
                phones.append(normalize_mobile(line))
            except forms.ValidationError as e:
                raise forms.ValidationError(_("手机号码不正确：%(p)s") % {"p": line}) from e
        return list(dict.fromkeys(phones))
