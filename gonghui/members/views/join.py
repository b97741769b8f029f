# Interim: replaced by the real views.
from django.http import HttpResponse


def join(request, *args, **kwargs):
    return HttpResponse('join')


def join_status_lookup(request, *args, **kwargs):
    return HttpResponse('join_status_lookup')


def join_status(request, *args, **kwargs):
    return HttpResponse('join_status')


def application_list(request, *args, **kwargs):
    return HttpResponse('application_list')


def application_detail(request, *args, **kwargs):
    return HttpResponse('application_detail')


def application_approve(request, *args, **kwargs):
    return HttpResponse('application_approve')


def application_reject(request, *args, **kwargs):
    return HttpResponse('application_reject')

