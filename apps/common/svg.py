"""SVG safe to inline under the Content-Security-Policy (`style-src 'self'`).

Matplotlib writes `style="fill: #fff; stroke: …"` attributes and a `<style>` element; a strict
policy blocks both in an HTML page. Every property matplotlib uses is also an SVG presentation
attribute, which no policy governs, so the styles become attributes. The `<style>` element only
sets defaults for every element (`*{stroke-linejoin: round; …}`); they move to the root `<svg>`,
from where they are inherited, and an element's own attribute still wins, as its inline style
did before.
"""

import re

_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_PROPERTY_NAME = re.compile(r"^[a-z-]+$")


def _attributes(declarations: str) -> str:
    parts = []
    for declaration in declarations.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and value and _PROPERTY_NAME.match(name):
            parts.append(f' {name}="{value}"')
    return "".join(parts)


def svg_without_inline_styles(svg: str) -> str:
    defaults = ""
    for rules in _STYLE_ELEMENT.findall(svg):
        for block in re.findall(r"\*\s*\{([^}]*)\}", rules):
            defaults += _attributes(block)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), svg)
    if defaults:
        svg = re.sub(r"<svg\b", "<svg" + defaults, svg, count=1)
    return svg
