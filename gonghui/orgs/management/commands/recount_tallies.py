"""`manage.py recount_tallies [--dry-run]`: rebuild the member tally (orgs.tally) from the members
table, and every daily tally (core.tallies: the service desk's orders and problems) from its rows.

For repairs: after members were loaded or changed outside the member services (a bulk load, a
hand-made SQL fix), or whenever the statistics and the roster disagree. Safe to run at any time:
it locks the tally while it recounts, so concurrent joins wait and are not lost.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gonghui.core import tallies
from gonghui.orgs.tally import recount


def _fmt(counts) -> str:
    return "—" if counts is None else f"{counts[0]}/{counts[1]}"


class Command(BaseCommand):
    help = _("按会员表重新统计各工会的会员数（会员数统计表），并按点单和问题重新统计每日统计表，用于修复。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只列出差异，不修改。"))

    def handle(self, *args, dry_run: bool = False, **options):
        result = recount(dry_run=dry_run)
        for org_id, path, before, after in result.differences:
            self.stdout.write(
                _("组织 %(id)s（%(path)s）：会员数/新就业形态会员数 %(before)s → %(after)s")
                % {"id": org_id, "path": path, "before": _fmt(before), "after": _fmt(after)}
            )
        if dry_run:
            message = _("已核对 %(checked)d 个工会，%(n)d 个需要更正（试运行，未修改）。")
        else:
            message = _("已核对 %(checked)d 个工会，更正 %(n)d 个。")
        self.stdout.write(self.style.SUCCESS(message % {"checked": result.checked, "n": result.corrected}))
        for model, monthly in tallies.recount_all(dry_run=dry_run).items():
            if dry_run:
                message = _("%(name)s：已核对 %(checked)d 行，%(n)d 行需要更正（试运行，未修改）。")
            else:
                message = _("%(name)s：已核对 %(checked)d 行，更正 %(n)d 行。")
            values = {"name": model._meta.verbose_name, "checked": monthly.checked, "n": monthly.corrected}
            self.stdout.write(self.style.SUCCESS(message % values))
