from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.orgs.selectors import org_get_for


@login_required
def org_list(request):
    return render(request, "orgs/org_list.html", {})


@login_required
def org_detail(request, uuid):
    return render(request, "orgs/org_detail.html", {"org": org_get_for(request.user, uuid)})
