"""The seal's image when no 印模 was uploaded: round, red, a five-pointed star in the centre
and the agency's name running clockwise along the top (国发〔1999〕25号), on a transparent
background so that the 署名 and 成文日期 under it stay legible."""

import io
import math

from PIL import Image, ImageDraw, ImageFont

from govoa.documents.rendering.fonts import font_paths

RED = (255, 0, 0, 255)
SIZE = 600  # pixels across: about 360 dpi at 42 mm


def _star(centre: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + 36 * k)
        points.append((centre + r * math.cos(angle), centre + r * math.sin(angle)))
    return points


def seal_png(agency_name: str) -> bytes:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = SIZE * 0.035
    draw.ellipse(
        (ring / 2, ring / 2, SIZE - ring / 2, SIZE - ring / 2), outline=RED, width=int(ring)
    )
    centre = SIZE / 2
    draw.polygon(_star(centre, SIZE * 0.17), fill=RED)
    font = ImageFont.truetype(str(font_paths()["宋体"]), int(SIZE * 0.105))
    name = agency_name[:20]
    span = min(250.0, 21.0 * len(name))  # degrees of arc the name takes, centred on the top
    radius = SIZE * 0.36
    for index, char in enumerate(name):
        # From the left end of the arc clockwise; 0° is up.
        angle = -span / 2 + (span * (index + 0.5) / len(name))
        glyph = Image.new("RGBA", (int(SIZE * 0.14), int(SIZE * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), char, font=font, fill=RED, anchor="mm"
        )
        turned = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True)
        x = centre + radius * math.sin(math.radians(angle)) - turned.width / 2
        y = centre - radius * math.cos(math.radians(angle)) - turned.height / 2
        image.alpha_composite(turned, (int(x), int(y)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
