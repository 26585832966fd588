"""Where a queued e-mail's attached files are read from: shared by the service that queues the
mail (`services.email_queue` checks the files exist) and the worker that sends it (`tasks`), so
neither imports the other for it."""

from django.core.files.storage import Storage

from lederspor.core.storage import MediaStorage


def attachment_storage() -> Storage:
    """The storage attached files are read from: the uploaded-files storage
    (`core.storage.MediaStorage`, files under `settings.MEDIA_ROOT`), which is never served
    from a public URL."""
    return MediaStorage()
