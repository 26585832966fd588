"""Request bodies over the limit are answered 413 before anything reads them (issue #15 §5:
"a 60 MB anonymous multipart body is read in full"; core.middleware.RequestBodyLimitMiddleware)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

MB = 1024 * 1024
MULTIPART = "multipart/form-data; boundary=BoUnDaRy"
IMPORT = "/organisation/import/"


BOUNDARY = b"BoUnDaRy"
#: a real multipart form (the import's kind and a file) whose file is filled up to the size
HEAD = (
    b'--BoUnDaRy\r\nContent-Disposition: form-data; name="kind"\r\n\r\nunits\r\n'
    b'--BoUnDaRy\r\nContent-Disposition: form-data; name="file"; filename="stor.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)
TAIL = b"\r\n--BoUnDaRy--\r\n"


class CountingBody(io.RawIOBase):
    """A multipart body of `size` bytes, made on demand, that counts what is read of it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def _byte_range(self, start: int, end: int) -> bytes:
        fill = self.size - len(HEAD) - len(TAIL)
        head = HEAD[start:end]
        middle = b"x" * max(0, min(end, len(HEAD) + fill) - max(start, len(HEAD)))
        tail_start = len(HEAD) + fill
        tail = TAIL[max(0, start - tail_start) : max(0, end - tail_start)]
        return head + middle + tail

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = self._byte_range(self.read_bytes, self.read_bytes + count)
        self.read_bytes += count
        return count


def _post_declared(client, url, size):
    """POST a multipart body of `size` bytes (declared in Content-Length); return the
    response and how much of the body was read."""
    body = CountingBody(size)
    response = client.generic(
        "POST",
        url,
        CONTENT_TYPE=MULTIPART,
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    return response, body.read_bytes


def test_an_anonymous_60_mb_body_is_413_and_never_read(client):
    response, read = _post_declared(client, reverse("login"), 60 * MB)
    assert response.status_code == 413
    assert read == 0
    html = response.content.decode()
    assert "Forespørgslen er for stor" in html
    assert "fylder mere end de 1 MB, Lederspor tager imod, og er ikke gemt" in html
    assert "no-store" in response["Cache-Control"]


def test_the_counting_body_does_count_when_a_body_is_read(cast, as_):
    # a signed-in user's 2 MB body is read by the import form: the measurement can fail
    response, read = _post_declared(as_(cast.consultant), IMPORT, 2 * MB)
    assert response.status_code == 200
    assert "Vælg en .csv- eller .xlsx-fil." in response.content.decode()
    assert read == 2 * MB


def test_an_anonymous_body_over_1_mb_is_413_even_on_a_page_that_takes_files(client):
    response, read = _post_declared(client, IMPORT, 2 * MB)
    assert response.status_code == 413 and read == 0


def test_a_signed_in_user_may_send_more_than_an_anonymous_one(cast, as_):
    client = as_(cast.consultant)
    upload = SimpleUploadedFile("stor.txt", b"x" * (2 * MB), content_type="text/plain")
    response = client.post(IMPORT, {"kind": "units", "file": upload})
    assert response.status_code == 200  # read and answered by the form
    assert "Vælg en .csv- eller .xlsx-fil." in response.content.decode()


def test_a_signed_in_60_mb_body_is_413_and_never_read(cast, as_):
    response, read = _post_declared(as_(cast.consultant), IMPORT, 60 * MB)
    assert response.status_code == 413 and read == 0
    assert "fylder mere end de 25 MB" in response.content.decode()


def test_the_limits_are_settings(client, cast, as_, settings):
    settings.LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES = 500
    response, read = _post_declared(client, reverse("login"), 501)
    assert response.status_code == 413 and read == 0
    assert _post_declared(client, reverse("login"), 500)[0].status_code != 413
    settings.LEDERSPOR_MAX_REQUEST_BYTES = 10 * MB
    response, read = _post_declared(as_(cast.consultant), IMPORT, 10 * MB + 1)
    assert response.status_code == 413 and read == 0


def test_an_unreadable_content_length_is_not_a_refusal(client):
    response = client.generic(
        "POST", reverse("login"), b"", content_type=MULTIPART, CONTENT_LENGTH="mange"
    )
    assert response.status_code != 413
