"""Where uploaded files live (`settings.MEDIA_ROOT`). Shared by the apps that store uploads
(the Leder på spring articles) and by the e-mail worker that attaches them."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="lederspor.core.storage.MediaStorage")
class MediaStorage(FileSystemStorage):
    """Uploaded files under `settings.MEDIA_ROOT` (default `DATA_DIR / "media"`), read at every
    use so tests can point it at a temporary folder. Files are only served through
    access-checked views, never from a public URL (no media URL pattern exists)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def base_location(self) -> str:
        root = getattr(settings, "MEDIA_ROOT", "") or Path(settings.DATA_DIR) / "media"
        return str(root)

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> str:
        return "/"
