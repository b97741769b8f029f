# Interim: replaced by the real views.
from django.http import HttpResponse


def transfer_request_by_member(request, *args, **kwargs):
    return HttpResponse('transfer_request_by_member')


def member_detail(request, *args, **kwargs):
    return HttpResponse('member_detail')


def member_reveal_id(request, *args, **kwargs):
    return HttpResponse('member_reveal_id')


def transfer_request(request, *args, **kwargs):
    return HttpResponse('transfer_request')


def member_leave(request, *args, **kwargs):
    return HttpResponse('member_leave')


def member_retire(request, *args, **kwargs):
    return HttpResponse('member_retire')


def member_rejoin(request, *args, **kwargs):
    return HttpResponse('member_rejoin')


def transfer_list(request, *args, **kwargs):
    return HttpResponse('transfer_list')


def transfer_detail(request, *args, **kwargs):
    return HttpResponse('transfer_detail')


def transfer_decide(request, *args, **kwargs):
    return HttpResponse('transfer_decide')

