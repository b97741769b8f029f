# Interim: replaced by the real views.
from django.http import HttpResponse


def me(request, *args, **kwargs):
    return HttpResponse('me')


def correction_request(request, *args, **kwargs):
    return HttpResponse('correction_request')


def data_access_request(request, *args, **kwargs):
    return HttpResponse('data_access_request')


def data_request_list(request, *args, **kwargs):
    return HttpResponse('data_request_list')


def data_request_decide(request, *args, **kwargs):
    return HttpResponse('data_request_decide')

