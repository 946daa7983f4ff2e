"""Pictures for the demo websites, drawn with Pillow, so that 25 demo CSOs look like 25 different
organisations: a colour, a logo (an emblem and the initials) and a header scene of their own, and
news pictures that show what the news is about, each with alt text saying so.

Everything is deterministic (seeded by the organisation's position) and small: a header is a
1920 × 640 JPEG of about 100 KB, a logo a 256 × 256 PNG.
"""

from __future__ import annotations

import colorsys
import io
import random
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .validators import contrast_ratio

FONT = Path(__file__).resolve().parent.parent / "core" / "static" / "core" / "fonts"
THEMES = ("association", "community", "institutional")


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def brand_colour(index: int, count: int = 25) -> str:
    """A colour of its own for the ``index``-th site: hues spread round the wheel, each as light
    as white text on it allows (contrast at least 4.8:1)."""
    hue = (index * 0.381966) % 1.0  # the golden angle: neighbours differ, none repeat
    saturation = 0.55 + 0.35 * ((index * 7) % 5) / 4
    for lightness in [x / 100 for x in range(48, 10, -1)]:
        colour = _hex(c * 255 for c in colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast_ratio(colour, "#ffffff") >= 4.8:
            return colour
    return "#0b4f8a"


def _shade(colour, amount: float):
    """Towards white (amount > 0) or black (amount < 0)."""
    target = 255 if amount > 0 else 0
    return tuple(round(c + (target - c) * abs(amount)) for c in _rgb(colour))


def _font(size: int, bold: bool = True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT / name), size)


def _file(image: Image.Image, name: str, fmt: str = "JPEG") -> ImageFile:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(
            buffer, format="JPEG", quality=78, optimize=True, progressive=True
        )
    else:
        image.save(buffer, format=fmt, optimize=True)
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def initials(name: str) -> str:
    words = [w for w in name.replace("„", " ").replace("“", " ").replace("-", " ").split() if w]
    letters = [w[0] for w in words if w[0].isalpha()]
    return "".join(letters[:2]).upper() or "?"


# -- logos -------------------------------------------------------------------------------------


def logo(index: int, colour: str, label: str) -> tuple[ImageFile, str]:
    """An emblem (one of six shapes) with the organisation's initials."""
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill, light = _rgb(colour), _shade(colour, 0.75)
    shape = index % 6
    if shape == 0:
        draw.ellipse((8, 8, 248, 248), fill=fill)
    elif shape == 1:
        draw.rounded_rectangle((12, 12, 244, 244), radius=48, fill=fill)
    elif shape == 2:  # a shield
        draw.polygon([(128, 8), (240, 44), (228, 160), (128, 248), (28, 160), (16, 44)], fill=fill)
    elif shape == 3:  # a hexagon
        draw.regular_polygon((128, 128, 122), 6, fill=fill)
    elif shape == 4:  # a leaf: two arcs
        draw.chord((8, 8, 248, 248), 0, 360, fill=fill)
        draw.polygon([(128, 10), (246, 128), (128, 246), (10, 128)], fill=_shade(colour, -0.15))
    else:  # a sun: a ring of rays round a disc
        for ray in range(12):
            draw.regular_polygon((128, 128, 124), 3, rotation=ray * 30, fill=light)
        draw.ellipse((36, 36, 220, 220), fill=fill)
    motif = (index // 6) % 4
    if motif == 1:
        draw.arc((44, 44, 212, 212), 200, 340, fill=light, width=8)
    elif motif == 2:
        draw.line([(70, 196), (186, 196)], fill=light, width=8)
    elif motif == 3:
        draw.ellipse((112, 30, 144, 62), fill=light)
    text = initials(label)
    font = _font(96 if len(text) == 2 else 120)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1] + 6),
        text,
        font=font,
        fill="white",
    )
    return _file(image, "logo.png", "PNG"), f"Лого на {label}"


# -- header scenes -----------------------------------------------------------------------------


def _sky(draw, width, height, top, bottom):
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _hills(draw, rng, width, height, colour):
    _sky(draw, width, height, _shade(colour, 0.55), _shade("#ffd9a0", 0.3))
    sun = (rng.randint(200, width - 200), rng.randint(80, 220))
    draw.ellipse((sun[0] - 70, sun[1] - 70, sun[0] + 70, sun[1] + 70), fill=(255, 236, 170))
    for layer, amount in enumerate((0.35, 0.1, -0.2, -0.45)):
        base = height * (0.45 + layer * 0.13)
        points = [(0, height)]
        phase = rng.random() * 6
        for x in range(0, width + 40, 40):
            wave = (x / width * (3 + layer) + phase) % 2 - 1
            points.append((x, base - 60 * (1 - wave * wave) + rng.randint(-8, 8)))
        points.append((width, height))
        draw.polygon(points, fill=_shade(colour, amount))
    return "хълмове и слънце над долината"


def _town(draw, rng, width, height, colour):
    _sky(draw, width, height, _shade(colour, 0.65), _shade(colour, 0.2))
    x = 0
    while x < width:
        w, h = rng.randint(80, 180), rng.randint(160, 420)
        tone = _shade(colour, rng.choice((-0.2, -0.35, -0.5)))
        draw.rectangle((x, height - h, x + w, height), fill=tone)
        if rng.random() < 0.3:
            draw.polygon(
                [(x, height - h), (x + w / 2, height - h - 60), (x + w, height - h)], fill=tone
            )
        for wy in range(height - h + 24, height - 30, 44):
            for wx in range(x + 14, x + w - 24, 34):
                if rng.random() < 0.55:
                    draw.rectangle((wx, wy, wx + 16, wy + 22), fill=(255, 224, 150))
        x += w + rng.randint(4, 18)
    return "покривите и осветените прозорци на града"


def _river(draw, rng, width, height, colour):
    _sky(draw, width, height, _shade(colour, 0.6), (250, 240, 220))
    draw.rectangle((0, height * 0.55, width, height), fill=_shade(colour, -0.25))
    draw.rectangle((0, height * 0.66, width, height * 0.8), fill=_shade(colour, 0.35))
    arches = rng.randint(3, 5)
    span = width / arches
    deck = height * 0.5
    draw.rectangle((0, deck - 18, width, deck), fill=(90, 80, 70))
    for n in range(arches):
        draw.arc(
            (n * span, deck - 10, (n + 1) * span, deck + span * 0.55),
            180,
            360,
            fill=(90, 80, 70),
            width=22,
        )
    for _ in range(40):
        y = rng.uniform(height * 0.68, height * 0.78)
        x = rng.uniform(0, width)
        draw.line([(x, y), (x + rng.uniform(30, 90), y)], fill=(255, 255, 255), width=3)
    return "каменен мост над реката"


def _fields(draw, rng, width, height, colour):
    _sky(draw, width, height, (200, 225, 245), (245, 245, 230))
    horizon = height * 0.45
    stripes = [_shade(colour, 0.3), (214, 190, 90), _shade(colour, -0.1), (160, 190, 90)]
    for n in range(9):
        y0 = horizon + (height - horizon) * (n / 9) ** 1.4
        y1 = horizon + (height - horizon) * ((n + 1) / 9) ** 1.4
        draw.rectangle((0, y0, width, y1), fill=stripes[n % len(stripes)])
    for _ in range(rng.randint(6, 11)):
        x = rng.uniform(40, width - 40)
        size = rng.uniform(30, 60)
        draw.rectangle((x - 5, horizon - 10, x + 5, horizon + size * 0.6), fill=(90, 60, 40))
        draw.ellipse(
            (x - size, horizon - size * 1.8, x + size, horizon + 10), fill=_shade(colour, -0.4)
        )
    return "поля и дървета до хоризонта"


def _circles(draw, rng, width, height, colour):
    _sky(draw, width, height, _shade(colour, 0.25), _shade(colour, -0.3))
    for _ in range(26):
        r = rng.uniform(40, 200)
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        tone = _shade(colour, rng.uniform(-0.4, 0.7))
        draw.ellipse((x - r, y - r, x + r, y + r), outline=tone, width=rng.randint(6, 18))
    return "кръгове, които се преплитат като хора в общност"


SCENES = (_hills, _town, _river, _fields, _circles)


def header(index: int, colour: str, label: str) -> tuple[ImageFile, str]:
    """One of five scenes, drawn left to right or mirrored: ten variants, which with the three
    themes make thirty different looks, more than the demo has sites."""
    width, height = 1920, 640
    rng = random.Random(f"header-{index}")  # noqa: S311 - drawing, not secrets
    image = Image.new("RGB", (width, height))
    variant = index % (2 * len(SCENES))
    scene = SCENES[variant % len(SCENES)](ImageDraw.Draw(image), rng, width, height, colour)
    image = image.filter(ImageFilter.SMOOTH)
    if variant >= len(SCENES):
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return _file(image, "zaglavna.jpg"), f"Заглавна картина на {label}: {scene}"


# -- news pictures -----------------------------------------------------------------------------


def _people(draw, rng, centre, radius, count, colour):
    cx, cy = centre
    import math

    for n in range(count):
        angle = 2 * math.pi * n / count + rng.uniform(-0.1, 0.1)
        x, y = cx + radius * math.cos(angle), cy + radius * 0.55 * math.sin(angle)
        tone = _shade(colour, rng.uniform(-0.5, 0.4))
        draw.ellipse((x - 34, y - 90, x + 34, y - 22), fill=(235, 200, 170))
        draw.rounded_rectangle((x - 48, y - 20, x + 48, y + 80), radius=30, fill=tone)


def news_picture(topic: int, index: int, colour: str) -> tuple[ImageFile, str]:
    """Topic 0: a round table; 1: a training with a flip chart; 2: a budget meeting."""
    width, height = 1200, 675
    rng = random.Random(f"news-{topic}-{index}")  # noqa: S311 - drawing, not secrets
    image = Image.new("RGB", (width, height), _shade(colour, 0.85))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 0.62, width, height), fill=_shade(colour, 0.6))
    if topic == 0:
        people = 6 + index % 4
        _people(draw, rng, (width / 2, height * 0.55), 330, people, colour)
        draw.ellipse(
            (width / 2 - 260, height * 0.5, width / 2 + 260, height * 0.72), fill=(150, 105, 70)
        )
        alt = f"Рисунка: {people} души около кръгла маса обсъждат заедно"
    elif topic == 1:
        draw.rectangle((760, 110, 1060, 420), fill="white", outline=(80, 80, 80), width=6)
        for n, h in enumerate((90, 150, 120, 210)):
            draw.rectangle((800 + n * 62, 390 - h, 840 + n * 62, 390), fill=_shade(colour, -0.1))
        draw.line([(910, 420), (880, 560)], fill=(80, 80, 80), width=8)
        draw.line([(910, 420), (940, 560)], fill=(80, 80, 80), width=8)
        for n in range(4 + index % 3):
            x = 130 + n * 140
            draw.ellipse((x - 32, 380, x + 32, 444), fill=(235, 200, 170))
            draw.rounded_rectangle(
                (x - 46, 446, x + 46, 560), radius=26, fill=_shade(colour, -0.3 + n * 0.12)
            )
        alt = "Рисунка: обучение — водещият показва диаграма на флипчарт пред участниците"
    else:
        draw.rectangle((140, 120, 560, 560), fill="white", outline=(90, 90, 90), width=5)
        for line in range(9):
            draw.line(
                [(180, 170 + line * 40), (520 - (line % 3) * 60, 170 + line * 40)],
                fill=(150, 150, 150),
                width=6,
            )
        for n in range(5):
            x = 700 + n * 80
            h = 60 + (n * 53 + index * 17) % 220
            draw.rectangle((x, 560 - h, x + 56, 560), fill=_shade(colour, -0.2 + n * 0.08))
        draw.ellipse((1010, 140, 1110, 240), fill=(230, 190, 60))
        draw.text((1042, 160), "лв", font=_font(40), fill=(120, 90, 20))
        alt = "Рисунка: проектобюджет на общината и стълбова диаграма на разходите"
    return _file(image, f"novina-{topic}.jpg"), alt
