"""The static files storage production uses: WhiteNoise's hashed, compressed files.

WhiteNoise serves a file whose name carries its hash with a year's cache lifetime
(``immutable``), and anything else with a minute's. Django's manifest storage rewrites
the references in stylesheets (fonts, images) to the hashed names, but not the imports
of a JavaScript module ending in ``.mjs``: without this, ``js/app.mjs`` would load GOV.UK
Frontend's script by its plain name, so browsers would fetch it again every minute.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Django's own pattern for `import ... from "./relative.js"` (its
# support_js_module_import_aggregation applies it to *.js files only).
MODULE_IMPORT = (
    r"""(?P<matched>import(?P<import>[\s\{][^;]*?|\*\s*as\s*\w+)"""
    r"""\s*from\s*['"](?P<url>[./].*?)["'])""",
    """import%(import)s from "%(url)s\"""",
)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", (MODULE_IMPORT,)))
