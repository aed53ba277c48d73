"""Imported once by the extraction workers' forkserver (flows/extract.py PRELOAD), never elsewhere:
loads the NER models named in MODELS_ENV before any worker is forked.

Every worker, the first and each recycled one, then starts with the models in `load_nlp`'s cache
instead of loading them itself (about 1.5 s of CPU each), and the workers share the models' memory
pages with the forkserver.
"""

from __future__ import annotations

import contextlib
import json
import os

from flows.extract import MODELS_ENV
from flows.models import load_nlp

# Anything but an ImportError here would kill the forkserver; a model that does not load fails
# again in the worker's own setup, which reports it.
with contextlib.suppress(Exception):
    if spec := os.environ.get(MODELS_ENV):
        de, en, gazetteer = json.loads(spec)
        load_nlp(str(de), str(en), str(gazetteer))
