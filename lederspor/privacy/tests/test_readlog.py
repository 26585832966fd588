"""The read log's recorder: one row per request naming every person shown, never one's own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.readlog import ReadLogMiddleware, note_read

pytestmark = pytest.mark.django_db


def _request(user, path="/forloeb/1/"):
    request = RequestFactory().get(path, REMOTE_ADDR="10.0.0.7")
    request.user = user
    return request


def _run(request, view):
    return ReadLogMiddleware(view)(request)


def test_one_row_per_request_names_every_person_and_kind(cast, django_assert_num_queries):
    request = _request(cast.consultant.user, "/hold/1/?side=2")

    def view(req):
        note_read(req, [cast.aspirant, cast.other_aspirant.pk], RecordKind.ENROLMENT)
        note_read(req, cast.aspirant, RecordKind.CONVERSATION)
        return HttpResponse("ok")

    # the reader's own person (one read) and the one insert
    with django_assert_num_queries(2):
        _run(request, view)
    entry = ReadLogEntry.objects.get()
    assert entry.subject_ids == [cast.aspirant.pk, cast.other_aspirant.pk]
    assert entry.subject_count == 2
    assert entry.kinds == "enrolment,conversation"
    assert entry.reader == cast.consultant.user
    assert cast.consultant.full_name in entry.reader_label
    assert entry.path == "/hold/1/?side=2"
    assert entry.address == "10.0.0.7"
    assert entry.channel == "page"
    assert ReadLogEntry.objects.filter(subjects__contains=f" {cast.other_aspirant.pk} ").exists()


def test_own_data_is_not_logged(cast):
    request = _request(cast.aspirant.user)

    def view(req):
        note_read(req, cast.aspirant, RecordKind.LOGBOOK)
        return HttpResponse("ok")

    _run(request, view)
    assert not ReadLogEntry.objects.exists()


def test_own_data_is_dropped_from_a_mixed_read(cast):
    request = _request(cast.aspirant.user)

    def view(req):
        note_read(req, [cast.aspirant, cast.other_aspirant], RecordKind.GROUPING)
        return HttpResponse("ok")

    _run(request, view)
    assert ReadLogEntry.objects.get().subject_ids == [cast.other_aspirant.pk]


def test_a_kind_noted_only_with_ones_own_person_is_left_out(cast):
    request = _request(cast.aspirant.user)

    def view(req):
        note_read(req, cast.aspirant, RecordKind.ENROLMENT)
        note_read(req, [cast.aspirant, cast.other_aspirant], RecordKind.GROUPING)
        return HttpResponse("ok")

    _run(request, view)
    entry = ReadLogEntry.objects.get()
    assert (entry.kinds, entry.subject_ids) == ("grouping", [cast.other_aspirant.pk])


@pytest.mark.parametrize("status", [403, 404, 500])
def test_a_failed_response_logs_nothing(cast, status):
    request = _request(cast.chef.user)

    def view(req):
        note_read(req, cast.aspirant, RecordKind.CONVERSATION)
        return HttpResponse("nej", status=status)

    _run(request, view)
    assert not ReadLogEntry.objects.exists()


def test_nothing_noted_writes_nothing(cast, django_assert_num_queries):
    request = _request(cast.chef.user)
    with django_assert_num_queries(0):
        _run(request, lambda req: HttpResponse("ok"))


def test_channel_and_reader_label_of_an_api_read(cast):
    request = _request(AnonymousUser(), "/api/v1/persons")

    def view(req):
        note_read(req, [cast.aspirant], RecordKind.PERSON, reader_label="API-nøgle: BI")
        return HttpResponse("{}", content_type="application/json")

    _run(request, view)
    entry = ReadLogEntry.objects.get()
    assert (entry.channel, entry.reader, entry.reader_label) == ("api", None, "API-nøgle: BI")


@pytest.mark.parametrize(
    ("content_type", "channel"),
    [("application/pdf", "pdf"), ("text/csv; charset=utf-8", "export"), ("text/html", "page")],
)
def test_channel_follows_the_response(cast, content_type, channel):
    request = _request(cast.consultant.user)

    def view(req):
        note_read(req, cast.aspirant, RecordKind.AGREEMENT)
        return HttpResponse(b"x", content_type=content_type)

    _run(request, view)
    assert ReadLogEntry.objects.get().channel == channel


def test_kind_must_be_a_record_kind(cast):
    with pytest.raises(TypeError):
        note_read(_request(cast.consultant.user), cast.aspirant, "conversation")  # type: ignore[arg-type]
