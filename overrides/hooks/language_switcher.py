"""Drop mkdocs-static-i18n's warning that its language switcher breaks under instant navigation.

It does: Material's instant navigation keeps the header, switcher included, as the
first page rendered it. assets/javascripts/language-switcher.js keeps the switcher's
links on the page shown (tests/site prove it), so the warning no longer applies, and
`mkdocs build --strict` fails on any warning.
"""

from __future__ import annotations

import logging

I18N_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"
WARNING = "mkdocs-material language switcher contextual link is not compatible"


def on_startup(**_):
    logging.getLogger(I18N_LOGGER).addFilter(
        lambda record: WARNING not in record.getMessage())
