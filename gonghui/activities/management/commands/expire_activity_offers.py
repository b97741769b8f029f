"""`gonghui expire_activity_offers`: lapse waitlist offers not accepted in time and pass them on
(the same service as the periodic job activities.expire_offers)."""

from django.core.management.base import BaseCommand

from gonghui.activities.services import offers_expire


class Command(BaseCommand):
    help = "Lapse activity waitlist offers not accepted in time and offer the places to the next in line."

    def handle(self, *args, **options):
        lapsed = offers_expire()
        self.stdout.write(f"{len(lapsed)} offer(s) lapsed")
