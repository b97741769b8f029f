"""The e-member card of the logged-in member, and the public page its QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gonghui.members.selectors.lifecycle import card_for, card_qr_svg, card_verify


@login_required
def my_card(request):
    card = card_for(request.user)
    if card is None:
        messages.info(request, _("您目前没有有效的会籍，暂无电子会员证。"))
        return redirect("home")
    # The SVG is generated here from our own URL, not user input.
    qr = mark_safe(card_qr_svg(card["verify_url"]))  # noqa: S308
    return render(request, "members/card.html", {"card": card, "qr": qr})


@never_cache
def verify(request, token: str):
    """Public: valid or not, when checked, and the holder as the card shows them (masked name,
    member number, union); never the phone or identity number."""
    check = card_verify(token)
    response = render(request, "members/verify.html", {"check": check, "checked_at": timezone.now()})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
