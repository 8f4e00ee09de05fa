"""Uploaded images: checked by their content, re-encoded without metadata, stored under
random names in UPLOAD_FOLDER. The reading, naming and storing helpers serve every kind of
upload (core.documents checks documents the same way).

Nothing the client says about a file (its name, its Content-Type) is trusted: Pillow decides
what the bytes are. Re-encoding drops EXIF (GPS positions, camera serials), comments, XMP and
ICC text, and anything hidden behind the image data.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask import current_app, request
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow format -> the extension and the media type we serve it with.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
MEDIA_TYPES = {ext: media_type for ext, media_type in IMAGE_FORMATS.values()}
# 32 random hex digits, then the stored size so pages can reserve the space (width and
# height attributes) without opening the file.
NAME = re.compile(r"^[0-9a-f]{32}-([1-9][0-9]{0,4})x([1-9][0-9]{0,5})\.(jpg|png|webp)$")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
MAX_WIDTH = 1600


# What Pillow raises for truncated, corrupt or self-contradictory files.
BROKEN = (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.DecompressionBombError)


class UploadRefused(Exception):
    """The upload is not a file we accept; the message says why, for the user."""


class ImageRefused(UploadRefused):
    """The upload is not an image we accept."""


@dataclass(frozen=True)
class StoredImage:
    name: str
    width: int
    height: int


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def image_size(name: str | None) -> tuple[int, int] | None:
    """(width, height) of a stored image, read from its name."""
    match = NAME.fullmatch(name or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def megabytes(max_bytes: int) -> str:
    """A byte limit as German megabytes for messages ("2,5")."""
    return f"{max_bytes / (1024 * 1024):.3g}".replace(".", ",")


def read_limited(
    stream: BinaryIO, max_bytes: int, *, refusal: type[UploadRefused] = ImageRefused
) -> bytes:
    """The whole upload, read no further than one byte over the limit; `refusal` (with
    the reason) when it is empty or too large."""
    data = stream.read(max_bytes + 1)
    if not data:
        raise refusal(_("Die Datei ist leer."))
    if len(data) > max_bytes:
        if refusal is ImageRefused:
            message = _(
                "Das Bild ist zu groß. Erlaubt sind höchstens %(mb)s MB.", mb=megabytes(max_bytes)
            )
        else:
            message = _(
                "Die Datei ist zu groß. Erlaubt sind höchstens %(mb)s MB.", mb=megabytes(max_bytes)
            )
        raise refusal(message)
    return data


def random_stem() -> str:
    """32 random hex digits: the start of every stored name (nothing of the client's)."""
    return secrets.token_hex(16)


def save_file(data: bytes, name: str) -> None:
    """Write `data` to the upload folder as `name`: beside the target first, then renamed,
    so a half-written file is never served."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """The decoded image, after checking its type and size; refuses anything else."""
    not_an_image = _("Die Datei ist kein Bild im Format JPEG, PNG oder WebP.")
    try:
        # Pillow warns about large images in Image.open; our own, lower limit follows at once.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(BytesIO(data), formats=tuple(IMAGE_FORMATS))
            if probe.width * probe.height > max_pixels:
                raise ImageRefused(_too_many_pixels(max_pixels))
            probe.verify()
            # verify() leaves the image unusable; decode it afresh and completely.
            image = Image.open(BytesIO(data), formats=tuple(IMAGE_FORMATS))
            image.load()
    except ImageRefused:
        raise
    except UnidentifiedImageError as error:
        raise ImageRefused(not_an_image) from error
    except Image.DecompressionBombError as error:
        raise ImageRefused(_too_many_pixels(max_pixels)) from error
    except BROKEN as error:
        raise ImageRefused(_broken()) from error
    return image


def _too_many_pixels(max_pixels: int) -> str:
    return _(
        "Das Bild hat zu viele Bildpunkte (höchstens %(mp)s Megapixel).",
        mp=max_pixels // 1_000_000,
    )


def _broken() -> str:
    return _("Die Bilddatei ist beschädigt oder unvollständig. Bitte wählen Sie eine andere.")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours of an embedded ICC profile to sRGB, since the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are


def _clean(image: Image.Image, image_format: str) -> Image.Image:
    """Upright, at most MAX_WIDTH wide, in a mode the format stores, with no metadata."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = ImageOps.exif_transpose(image) or image
    image = _to_srgb(image)
    if image_format == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    elif has_alpha:
        mode = "RGBA"
    else:
        mode = "L" if image.mode == "L" and image_format == "PNG" else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    if image.width > MAX_WIDTH:
        height = max(1, round(image.height * MAX_WIDTH / image.width))
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    # A fresh image holds the pixels only: no EXIF, XMP, ICC, comments or text chunks.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()


def store_image(
    stream: BinaryIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> StoredImage:
    """Check, clean and store an uploaded image; raise ImageRefused with the reason."""
    data = read_limited(stream, max_bytes)
    image = _open(data, max_pixels)
    image_format = image.format or ""
    if image_format not in IMAGE_FORMATS:
        raise ImageRefused(_("Die Datei ist kein Bild im Format JPEG, PNG oder WebP."))
    try:
        clean = _clean(image, image_format)
        encoded = _encode(clean, image_format)
    except BROKEN as error:
        raise ImageRefused(_broken()) from error
    extension = IMAGE_FORMATS[image_format][0]
    name = f"{random_stem()}-{clean.width}x{clean.height}.{extension}"
    save_file(encoded, name)
    return StoredImage(name, clean.width, clean.height)


def delete_image(name: str | None) -> None:
    """Remove a stored image; names that are not ours are ignored."""
    if name and NAME.fullmatch(name):
        (upload_folder() / name).unlink(missing_ok=True)


def accepts_upload(config_key: str):
    """Mark a view whose form carries a file of up to `config[config_key]` bytes.

    The request body limit (MAX_CONTENT_LENGTH) is raised for that view only, before CSRF
    protection reads the body; it leaves room for a file somewhat over the limit, so such a
    file is refused next to its field instead of with a bare 413 page.
    """

    def decorator(view):
        view.upload_limit_key = config_key
        return view

    return decorator


def widen_body_limit_for_uploads() -> None:
    """before_request: apply the limit of a view marked with accepts_upload.

    Only to multipart bodies: there each text field stays under MAX_FORM_MEMORY_SIZE, while
    a URL-encoded body is read whole and keeps the ordinary limit.
    """
    if request.mimetype != "multipart/form-data":
        return
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "upload_limit_key", None)
    if key:
        base = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        request.max_content_length = 2 * int(current_app.config[key]) + base
