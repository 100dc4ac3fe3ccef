"""Where a screen finds a media file (infographic PNG, video MP4) for the client it talks to.

Media live on the device as files addressed by their SHA-256 (the bundled ones under
content/dist, synced ones in app.services.media_store.media_dir); app.services.guides.media_file knows which
file is whole and where. The Flutter client shows them differently by platform:
- desktop and phone clients run on this machine and open a local path themselves
  (flet's Image and flet-video's Video both accept an absolute file path there);
- the web client runs in a browser, so the app's web server (launcher/web.py) serves each
  file at MEDIA_ROUTE/<sha256>, with HTTP Range so a video can seek; a relative URL works
  whatever address the browser used.
"""

from __future__ import annotations

from app.db import Store
from app.services import guides

MEDIA_ROUTE = "/media"


def media_source(store: Store, sha256: str | None, web: bool) -> str | None:
    """What to put in Image.src or VideoMedia.resource; None when the file is not on the
    device (yet)."""
    path = guides.media_file(store, sha256)
    if path is None:
        return None
    return f"{MEDIA_ROUTE}/{sha256}" if web else str(path.resolve())
