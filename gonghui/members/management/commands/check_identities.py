"""`gonghui check-identities [--fix]`: identity numbers and phones stored before input was normalised.

Lists (counts and masked references, never a full number) the member ID numbers and mobiles,
account phones and join applications that are not stored normalised, and the memberships that are
one person once normalised. `--fix` normalises in place (lookup hashes recomputed, one
transaction per batch, audited) and records each group of duplicate memberships for a cadre
(page 疑似重复会籍): nothing is merged. Running `--fix` again changes nothing.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.members.services.identities import BATCH, CATEGORIES, FIXED, identity_check, member_ref


class Command(BaseCommand):
    help = _(
        "检查身份证号码和手机号码是否已规范（全角数字等），列出规范后为同一人的会籍；"
        "加 --fix 就地规范并登记疑似重复会籍，交由干部处理（不自动合并）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("规范可以规范的记录，并登记疑似重复会籍（不自动合并）。")
        )
        parser.add_argument("--batch-size", type=int, default=BATCH, help=_("每批记录数，每批一个事务。"))
        parser.add_argument("--limit", type=int, default=20, help=_("每类最多列出的记录数。"))

    def handle(self, *args, fix: bool = False, batch_size: int = BATCH, limit: int = 20, **options):
        limit = max(0, limit)
        report = identity_check(fix=fix, batch_size=max(1, batch_size))
        out = self.stdout.write
        if fix:
            out(_("检查并规范身份证号码和手机号码："))
        else:
            out(_("检查身份证号码和手机号码（只检查，不修改；加 --fix 规范并登记疑似重复会籍）："))
        for category, label in CATEGORIES.items():
            findings = report.findings.get(category, [])
            if not findings:
                continue
            out(_("%(label)s：%(n)d 条") % {"label": label, "n": len(findings)})
            for f in findings[:limit]:
                out(f"  {f.ref}" + (f" → {f.detail}" if f.detail else ""))
            if len(findings) > limit:
                out(_("  ……另有 %(n)d 条未列出") % {"n": len(findings) - limit})
        if report.duplicates:
            out(_("规范后为同一人的会籍：%(n)d 组") % {"n": len(report.duplicates)})
            for masked, members in report.duplicates[:limit]:
                out(f"  {masked}：" + _("、").join(member_ref(m) for m in members))
            if len(report.duplicates) > limit:
                out(_("  ……另有 %(n)d 组未列出") % {"n": len(report.duplicates) - limit})
        if report.clean:
            out(self.style.SUCCESS(_("全部身份证号码和手机号码均已规范，没有重复会籍。")))
            return
        if not fix:
            out(_("以上为检查结果，未修改任何数据。运行 gonghui check-identities --fix 进行规范。"))
            return
        fixed = sum(report.fixed.values())
        if fixed:
            detail = _("、").join(
                _("%(what)s %(n)d 条") % {"what": label, "n": report.fixed[key]}
                for key, label in FIXED.items()
                if report.fixed.get(key)
            )
            out(self.style.SUCCESS(_("已规范 %(n)d 项（%(detail)s）。") % {"n": fixed, "detail": detail}))
        else:
            out(_("本次没有可以直接规范的记录（已规范 0 项）。"))
        if report.duplicates:
            out(
                _(
                    "疑似重复会籍 %(n)d 组（本次新登记或更新 %(new)d 组）未合并，已列入“疑似重复会籍”页面（%(url)s），"
                    "由能管理这些会籍的干部选择保留哪一条，其余按退会办理。"
                )
                % {
                    "n": len(report.duplicates),
                    "new": report.duplicates_recorded,
                    "url": reverse("members:duplicate_list"),
                }
            )
