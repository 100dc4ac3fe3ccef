"""Real media files for the sharing tests: a PNG drawn with Pillow and an H.264 MP4 encoded
with PyAV, of about the size asked for (noise frames compress poorly, so size follows length)."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path

import av
from PIL import Image, ImageDraw

_NOISY_FRAME_BYTES = 92_000  # what x264 makes of one 320x240 frame of noise at crf 10


def png(path: Path, text: str = "Bước 1") -> Path:
    image = Image.new("RGB", (360, 640), "white")
    ImageDraw.Draw(image).text((20, 20), text, fill="black")
    image.save(path, format="PNG")
    return path


def mp4(path: Path, approx_bytes: int, seed: int = 1) -> Path:
    noise = random.Random(seed)
    frames = max(1, approx_bytes // _NOISY_FRAME_BYTES)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "10"}
        for _ in range(frames):
            image = Image.frombytes("RGB", (320, 240), noise.randbytes(320 * 240 * 3))
            container.mux(stream.encode(av.VideoFrame.from_image(image)))
        container.mux(stream.encode())
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode_png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
