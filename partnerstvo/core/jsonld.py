"""schema.org JSON-LD for public pages, safe inside a <script> element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe


def json_for_script(data) -> str:
    """JSON with <, > and & escaped, so no value can close the script element."""
    return (
        json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def json_ld_script(data) -> SafeString:
    return mark_safe(  # noqa: S308 - the JSON is escaped for a script element by json_for_script
        f'<script type="application/ld+json">{json_for_script(data)}</script>'
    )
