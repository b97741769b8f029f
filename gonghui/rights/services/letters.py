"""Supervision letters: writes — draft, issue (numbered per org and year), serve, reply, verify the
rectification, close or escalate to a recommendation letter; the overdue-reply check; the .docx."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.selectors import managing_positions
from gonghui.core import audit, documents, sequences, workdays
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage, in_subtree
from gonghui.orgs.models import OrgKind
from gonghui.rights.models.letters import LETTER_FLOW, LetterSettings, SupervisionLetter, overdue_q

Kind = SupervisionLetter.Kind
REPLY_DAYS = 15  # working days: the common deadline for an employer's written reply (DESIGN.md)
MIN_DAYS, MAX_DAYS = 1, 60
DEFAULT_AUTHORITY = gettext_lazy("劳动保障行政部门")


def _text(value: str, limit: int) -> str:
    """Trimmed, at most `limit` characters. Not NFKC-folded: that would turn Chinese punctuation
    (，：（）) into ASCII in an official letter."""
    return (value or "").strip()[:limit]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# ---------------------------------------------------------------- the letterhead


def default_organ_code(org) -> str:
    """桐川县总工会 → 桐工函: the first character of the org's name, 工, 函."""
    return f"{org.name[:1]}工函"


def settings_for(org) -> LetterSettings:
    found = LetterSettings.objects.filter(org=org).first()
    return found or LetterSettings(org=org, organ_code=default_organ_code(org), reply_days=REPLY_DAYS)


@transaction.atomic
def settings_save(*, org, organ_code: str, reply_days: int, authority: str = "", actor) -> LetterSettings:
    if not can_manage(actor, org):
        raise PermissionDenied
    code = "".join(_text(organ_code, 10).split())
    if not code:
        raise ValidationError(
            {"organ_code": _("请填写发文机关代字，如“%(example)s”。") % {"example": "桐工函"}}
        )
    if not MIN_DAYS <= int(reply_days) <= MAX_DAYS:
        raise ValidationError({"reply_days": _("回复期限应在 1 至 60 个工作日之间。")})
    found, _created = LetterSettings.objects.update_or_create(
        org=org,
        defaults={"organ_code": code, "reply_days": int(reply_days), "authority": _text(authority, 80)},
    )
    audit.record(found, action="set", actor=actor, org=org)
    return found


# ---------------------------------------------------------------- drafting


def _check_content(*, title: str, facts: str, demands: str) -> None:
    errors = {}
    if not title:
        errors["title"] = _("请填写标题。")
    if not facts:
        errors["facts"] = _("请写明发现的问题。")
    if not demands:
        errors["demands"] = _("请写明整改要求。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def letter_create(
    *,
    org,
    kind: str,
    problem: str,
    title: str,
    facts: str,
    demands: str,
    actor,
    enterprise=None,
    addressee: str = "",
    basis: str = "",
    reply_days: int | None = None,
) -> SupervisionLetter:
    """A draft reminder or opinion letter to an employer (a recommendation letter comes from escalating one)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    if kind not in (Kind.REMINDER, Kind.OPINION):
        raise ValidationError({"kind": _("建议书由未整改的提示函或意见书提请，不能直接新建。")})
    if enterprise is not None and not in_subtree(enterprise.org.path, org.path):
        raise ValidationError({"enterprise": _("只能向本工会辖区内的用人单位发函。")})
    addressee = _text(addressee, 100) or (enterprise.name if enterprise is not None else "")
    if not addressee:
        raise ValidationError({"addressee": _("请选择用人单位或填写主送单位名称。")})
    days = settings_for(org).reply_days if reply_days is None else int(reply_days)
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError({"reply_days": _("回复期限应在 1 至 60 个工作日之间。")})
    title, facts, demands = _text(title, 100), _text(facts, 3000), _text(demands, 1500)
    _check_content(title=title, facts=facts, demands=demands)
    letter = SupervisionLetter.objects.create(
        org=org,
        kind=kind,
        enterprise=enterprise,
        addressee=addressee,
        problem=problem,
        title=title,
        facts=facts,
        basis=_text(basis, 1500),
        demands=demands,
        reply_days=days,
        created_by=actor,
    )
    audit.record(letter, action="create", actor=actor)
    return letter


EDITABLE = ("addressee", "problem", "title", "facts", "basis", "demands", "reply_days")


@transaction.atomic
def letter_update(*, letter: SupervisionLetter, actor, **fields) -> SupervisionLetter:
    letter = SupervisionLetter.objects.select_for_update().get(pk=letter.pk)
    if not can_manage(actor, letter.org):
        raise PermissionDenied
    if letter.state != "draft":
        raise ValidationError(_("函件已签发，不能修改。"))
    before = audit.snapshot(letter, EDITABLE)
    limits = {"addressee": 100, "title": 100, "facts": 3000, "basis": 1500, "demands": 1500}
    for name, value in fields.items():
        if name in limits:
            value = _text(value, limits[name])
        if name in EDITABLE:
            setattr(letter, name, value)
    if not letter.addressee:
        raise ValidationError({"addressee": _("请填写主送单位名称。")})
    if not MIN_DAYS <= int(letter.reply_days) <= MAX_DAYS:
        raise ValidationError({"reply_days": _("回复期限应在 1 至 60 个工作日之间。")})
    _check_content(title=letter.title, facts=letter.facts, demands=letter.demands)
    letter.save()
    audit.record(letter, action="update", actor=actor, changes=audit.diff(before, letter))
    return letter


# ---------------------------------------------------------------- the letter's life


def _locked(letter: SupervisionLetter) -> SupervisionLetter:
    return (
        SupervisionLetter.objects.select_for_update(of=("self",))
        .select_related("org", "enterprise")
        .get(pk=letter.pk)
    )


def _day_between(day: datetime.date, *, after: datetime.date | None, field: str, after_label: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: _("日期不能晚于今天。")})
    if after is not None and day < after:
        raise ValidationError(
            {
                field: _("日期不能早于%(what)s（%(day)s）。")
                % {"what": after_label, "day": date_format(after, "DATE_FORMAT")}
            }
        )


@transaction.atomic
def letter_issue(*, letter: SupervisionLetter, actor) -> SupervisionLetter:
    """Sign it off: the next number of the org's year (桐工函〔2026〕3号) and today's date."""
    letter = _locked(letter)
    LETTER_FLOW.fire(letter, "issue", actor=actor)  # checks who and the state before a number is taken
    today = timezone.localdate()
    seq = sequences.take(f"rights.letter.{letter.org_id}.{today.year}")[0]
    code = settings_for(letter.org).organ_code
    letter.number_year, letter.number_seq, letter.issued_on = today.year, seq, today
    letter.number = f"{code}〔{today.year}〕{seq}号"
    letter.save(update_fields=["number_year", "number_seq", "number", "issued_on", "updated_at"])
    return letter


@transaction.atomic
def letter_serve(
    *, letter: SupervisionLetter, served_on: datetime.date, how: str, signed_by: str, actor
) -> SupervisionLetter:
    """Proof of service; the reply is due the letter's number of working days after it."""
    letter = _locked(letter)
    if not can_manage(actor, letter.org):
        raise PermissionDenied
    _day_between(served_on, after=letter.issued_on, field="served_on", after_label=_("签发日期"))
    signed_by = _text(signed_by, 40)
    if how != SupervisionLetter.Served.ELECTRONIC and not signed_by:
        raise ValidationError({"signed_by": _("请填写签收人姓名。")})
    letter.served_on, letter.served_how, letter.served_signed_by = served_on, how, signed_by
    letter.reply_due = workdays.add_working_days(served_on, letter.reply_days, org=letter.org)
    LETTER_FLOW.fire(
        letter,
        "serve",
        actor=actor,
        extra_fields=["served_on", "served_how", "served_signed_by", "reply_due"],
    )
    return letter


@transaction.atomic
def letter_reply(
    *, letter: SupervisionLetter, replied_on: datetime.date, text: str, actor
) -> SupervisionLetter:
    letter = _locked(letter)
    if not can_manage(actor, letter.org):
        raise PermissionDenied
    _day_between(replied_on, after=letter.served_on, field="replied_on", after_label=_("送达日期"))
    text = _text(text, 3000)
    if not text:
        raise ValidationError({"text": _("请填写回复内容（可摘录要点）。")})
    letter.replied_on, letter.reply_text = replied_on, text
    LETTER_FLOW.fire(letter, "reply", actor=actor, extra_fields=["replied_on", "reply_text"])
    return letter


@transaction.atomic
def letter_verify(
    *, letter: SupervisionLetter, verified_on: datetime.date, verification: str, evidence=None, actor
) -> SupervisionLetter:
    """The union checks the rectification itself (a visit, the pay slips …), with evidence."""
    letter = _locked(letter)
    if not can_manage(actor, letter.org):
        raise PermissionDenied
    _day_between(verified_on, after=letter.replied_on, field="verified_on", after_label=_("回复日期"))
    verification = _text(verification, 1500)
    if not verification:
        raise ValidationError({"verification": _("请写明核实的方式和结果。")})
    letter.verified_on, letter.verification = verified_on, verification
    fields = ["verified_on", "verification"]
    if evidence is not None:
        letter.evidence = evidence
        fields.append("evidence")
    LETTER_FLOW.fire(letter, "verify", actor=actor, extra_fields=fields)
    return letter


@transaction.atomic
def letter_close(*, letter: SupervisionLetter, note: str, actor) -> SupervisionLetter:
    letter = _locked(letter)
    if letter.state in ("served", "replied") and letter.kind != Kind.RECOMMENDATION:
        raise ValidationError(_("用人单位的整改尚未核实：请先核实整改，未整改的可提请建议书。"))
    letter.closed_on = timezone.localdate()
    LETTER_FLOW.fire(letter, "close", actor=actor, note=note, extra_fields=["closed_on"])
    return letter


@transaction.atomic
def letter_escalate(*, letter: SupervisionLetter, note: str, actor) -> SupervisionLetter:
    """The employer did not correct it: a recommendation letter (draft) to the labour authority."""
    letter = _locked(letter)
    if letter.kind == Kind.RECOMMENDATION:
        raise ValidationError(_("建议书不能再提请建议书。"))
    LETTER_FLOW.fire(letter, "escalate", actor=actor, note=note)
    setting = settings_for(letter.org)
    follow = SupervisionLetter.objects.create(
        org=letter.org,
        kind=Kind.RECOMMENDATION,
        parent=letter,
        enterprise=letter.enterprise,
        addressee=setting.authority or str(DEFAULT_AUTHORITY),
        problem=letter.problem,
        title=_("关于%(who)s%(problem)s问题的建议书")
        % {"who": letter.addressee, "problem": letter.get_problem_display()},
        facts=_("本会于%(day)s向%(who)s发出%(number)s，%(why)s")
        % {
            "day": date_format(letter.issued_on, "DATE_FORMAT"),
            "who": letter.addressee,
            "number": letter.number,
            "why": _text(note, 500),
        }
        + "\n"
        + letter.facts,
        basis=letter.basis,
        demands=_("建议贵单位依法责令其改正，并将处理结果告知本会。"),
        reply_days=letter.reply_days,
        created_by=actor,
    )
    audit.record(follow, action="create", actor=actor)
    return follow


# ---------------------------------------------------------------- overdue replies


def letters_note_overdue(*, today: datetime.date | None = None) -> list[SupervisionLetter]:
    """Replies past their deadline: the issuing union's and the federation's cadres are told, once each."""
    letters = list(
        SupervisionLetter.objects.filter(overdue_q(today), overdue_noted_at__isnull=True)
        .select_related("org")
        .order_by("pk")
    )
    if not letters:
        return []
    paths = {p for letter in letters for p in letter.org.ancestor_paths()}
    positions = list(managing_positions(org_paths=paths))
    now, noted = timezone.now(), []
    for letter in letters:
        with transaction.atomic():
            # A conditional update: a second run at the same moment tells nobody twice.
            if not SupervisionLetter.objects.filter(pk=letter.pk, overdue_noted_at__isnull=True).update(
                overdue_noted_at=now
            ):
                continue
            mine = set(letter.org.ancestor_paths())
            recipients = [
                p.user
                for p in positions
                if p.org.path in mine and (p.org_id == letter.org_id or p.org.kind == OrgKind.FEDERATION)
            ]
            notify(
                recipients=recipients,
                title=_("%(number)s逾期未回复") % {"number": letter.number},
                body=_("%(who)s · 回复期限：%(due)s")
                % {
                    "who": letter.addressee,
                    "due": date_format(letter.reply_due, "DATE_FORMAT"),
                },
                url=letter.get_absolute_url(),
            )
            noted.append(letter)
    return noted


# ---------------------------------------------------------------- the document


def _line(doc, text: str = "", **style):
    return documents.add_paragraph(doc, text, **style)


def _build(kind_label: str):
    def build():
        doc = documents.official_document()
        _line(
            doc,
            "{{ organ }}",
            size=documents.TITLE_SIZE + 4,
            bold=True,
            align="center",
            font=documents.TITLE_FONT,
            color="C00000",
        )
        _line(doc, "{{ number }}", align="center")
        documents.add_rule(doc, color="C00000")
        _line(doc)
        _line(doc, "{{ title }}", size=documents.TITLE_SIZE, align="center", font=documents.TITLE_FONT)
        _line(doc)
        _line(doc, "{{ addressee }}：")
        _line(doc, "{%p for p in facts %}")
        _line(doc, "{{ p }}", indent=True)
        _line(doc, "{%p endfor %}")
        _line(doc, "{%p for p in demands %}")
        _line(doc, "{{ p }}", indent=True)
        _line(doc, "{%p endfor %}")
        _line(doc, "{{ reply_line }}", indent=True)
        _line(doc)
        _line(doc, "{{ organ }}", align="right")
        _line(doc, "{{ date }}", align="right")
        _line(doc, "（印章）", align="right", size=12)
        _line(doc)
        _line(doc, "（联系人：{{ contact }}）", size=12)
        return doc

    build.__doc__ = f"The default template of a {kind_label}."
    return build


def _sample() -> dict:
    return {
        "organ": "桐川县总工会",
        "number": "桐工函〔2026〕1号",
        "title": "关于督促依法支付劳动报酬的意见书",
        "addressee": "桐川华宇机械制造有限公司",
        "facts": ["经调查，贵单位拖欠职工工资。"],
        "demands": ["依据《中华人民共和国劳动法》第五十条的规定，请依法足额支付。"],
        "reply_line": "请于2026年12月24日前书面回复本会。",
        "date": "2026年12月3日",
        "contact": "李秀英",
    }


for _kind in Kind:
    documents.register(
        f"rights.{_kind.value}_letter", title=_kind.label, build=_build(_kind.label), sample=_sample
    )


def letter_context(letter: SupervisionLetter) -> dict:
    organ = letter.org.name
    if letter.reply_due:
        reply = _("请于%(day)s前将整改情况书面回复本会。") % {
            "day": date_format(letter.reply_due, "DATE_FORMAT")
        }
    else:
        reply = _("请自收到本函之日起%(n)d个工作日内将整改情况书面回复本会。") % {"n": letter.reply_days}
    if letter.kind == Kind.RECOMMENDATION:
        reply = _("请将处理结果告知本会。")
    demands = _paragraphs(letter.demands)
    if letter.basis and demands:  # 依据……的规定，请……
        demands[0] = _("依据%(basis)s的规定，") % {"basis": letter.basis.rstrip("。，,. ")} + demands[0]
    return {
        "organ": organ,
        "number": letter.number or _("（签发后编号）"),
        "title": letter.title,
        "addressee": letter.addressee,
        "facts": _paragraphs(letter.facts),
        "demands": demands,
        "reply_line": reply,
        "date": date_format(letter.issued_on or timezone.localdate(), "DATE_FORMAT"),
        "contact": letter.created_by.name if letter.created_by else "",
    }


def letter_document(letter: SupervisionLetter) -> bytes:
    return documents.render(f"rights.{letter.kind}_letter", letter_context(letter), org=letter.org)
