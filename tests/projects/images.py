"""Image files for upload tests, made with Pillow in memory."""

from __future__ import annotations

import random
import struct
import zlib
from io import BytesIO
from pathlib import Path

from PIL import Image

from tests.harness.forms import multipart

# Hannover's Rathaus, as degrees/minutes/seconds: what a phone writes into a photo.
GPS = {
    1: "N",
    2: (52.0, 22.0, 2.0),
    3: "E",
    4: (9.0, 44.0, 10.0),
}
GPS_IFD = 0x8825
ORIENTATION = 0x0112
SOFTWARE = 0x0131


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (40, 30),
    *,
    mode: str = "RGB",
    gps: bool = False,
    orientation: int | None = None,
    noise: bool = False,
) -> bytes:
    """An image in `fmt`; with `gps` it carries an EXIF GPS position and a Software tag."""
    if noise:
        # Random pixels do not compress: the file is about as large as the raw image.
        pixels = random.Random(size[0] * size[1]).randbytes(3 * size[0] * size[1])
        image = Image.frombytes("RGB", size, pixels)
    else:
        image = Image.new(mode, size, "#1f6f8b" if mode in ("RGB", "RGBA") else 128)
        if mode in ("RGB", "RGBA"):
            # A mark in the top-left corner, to tell which way up the stored image is.
            image.paste("#ff0000", (0, 0, 10, 10))
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = GPS
        exif[SOFTWARE] = "Geheimkamera 3000"
    if orientation:
        exif[ORIENTATION] = orientation
    out = BytesIO()
    options = {"exif": exif.tobytes()} if (gps or orientation) else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.exists() else []


def post_form_with_file(client, path: str, fields: dict, image=None):
    """POST a form as multipart/form-data, with `image` (content, name, type) if given."""
    fields = {"csrf_token": client.csrf_token(), **fields}
    body, content_type = multipart(fields, {"image": image} if image else {})
    return client.post(path, data=body, content_type=content_type)
