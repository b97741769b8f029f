"""The activity as a calendar file (.ics), for the worker's phone calendar."""

from django.conf import settings
from icalendar import Calendar, Event


def activity_ics(activity, *, request=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Gonghui//activities//ZH")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{activity.uuid}@gonghui")
    event.add("summary", activity.title)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("dtstamp", activity.updated_at)
    event.add("location", activity.place)
    base = request.build_absolute_uri("/").rstrip("/") if request else settings.GONGHUI_PUBLIC_URL.rstrip("/")
    event.add("url", base + activity.get_absolute_url())
    if activity.description:
        event.add("description", activity.description)
    if activity.state == activity.State.CANCELLED:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()
