"""The public portal pages' words in English: the catalogue and `say()`.

Layer: domain presentation. The pages the public reads on the portal (a unit's SKM survey
and its thanks page, a forum's page, its input form and receipt, the published documents,
the message pages) are written in Indonesian, in the templates (`{{ _("…") }}`) and in the
messages the services give their visitors (`say("…", locale)`). The Indonesian text is the
key: `templates/portal/en.yml` maps each one to its English. A text with values names
them `%(name)s` in both languages (a literal percent sign is `%%`), as Jinja's i18n
extension does. A test holds the catalogue and the texts equal, both ways, so a page is
never half in English and no entry is left behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from policy.locale import Locale
from policy.settings import get_settings

#: The catalogue, relative to the templates folder.
CATALOGUE = Path("portal") / "en.yml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a mapping of Indonesian text to English text")
    return data


def english() -> Mapping[str, str]:
    """The catalogue of the configured templates folder: Indonesian text -> English."""
    return _load(str(get_settings().templates_dir / CATALOGUE))


def word(text: str, locale: Locale) -> str:
    """`text` in `locale`, its `%(name)s` places still open (Indonesian when uncatalogued)."""
    return english().get(text, text) if locale == "en" else text


def say(text: str, locale: Locale, /, **values: object) -> str:
    """`text` (Indonesian, the catalogue's key) in `locale`, with `values` in its places."""
    return word(text, locale) % values


def shown(text: str) -> str:
    """Mark a fixed message a public page shows: the page translates it (`word`) as it shows it.

    For a message raised where the visitor's language is not known (a link that opens
    nothing); the catalogue test finds every text marked so.
    """
    return text
