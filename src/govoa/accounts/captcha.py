"""The login captcha, asked for after GOVOA_LOGIN_CAPTCHA_AFTER failed logins of a client
IP in the throttle's window (``throttle.py``). Drawn here with Pillow, so it works on an
intranet without any outside service. The answer is kept in the session as a digest and
used once: each picture answers one login attempt."""

import hashlib
import io
import secrets

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from govoa.accounts.models import LoginThrottle
from govoa.accounts.throttle import _key, _window

SESSION_KEY = "govoa_captcha"
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: letters that look alike in a noisy picture.
ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 5


def needed(ip: str) -> bool:
    after = int(settings.GOVOA_LOGIN_CAPTCHA_AFTER)
    if after <= 0:
        return False
    return LoginThrottle.objects.filter(
        ip=_key(ip), failures__gte=after, window_start__gt=timezone.now() - _window()
    ).exists()


def _digest(answer: str) -> str:
    return hashlib.sha256(answer.strip().upper().encode()).hexdigest()


def _random_answer() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def issue(session: SessionBase) -> str:
    answer = _random_answer()
    session[SESSION_KEY] = _digest(answer)
    return answer


def check(session: SessionBase, answer: str) -> bool:
    """Whether ``answer`` is the one of the last picture; the picture is spent either way."""
    expected = session.pop(SESSION_KEY, None)
    return bool(expected) and secrets.compare_digest(expected, _digest(answer or ""))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (
        sorted(settings.GOVOA_FONT_DIR.glob("*.[ot]tf")) if settings.GOVOA_FONT_DIR.is_dir() else []
    ):
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def png(answer: str) -> bytes:
    width, height = 150, 50
    rng = secrets.SystemRandom()
    image = Image.new("RGB", (width, height), (246, 247, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)],
            fill=(rng.randint(120, 200),) * 3,
            width=1,
        )
    font = _font(30)
    for index, char in enumerate(answer):
        glyph = Image.new("RGBA", (36, 44), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 2), char, font=font, fill=(30, 50, 110, 255))
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (8 + index * 27, rng.randint(0, 6)), glyph)
    for _ in range(180):
        draw.point((rng.randrange(width), rng.randrange(height)), fill=(90, 90, 90))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
