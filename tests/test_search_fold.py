"""The search page's script folds queries exactly as Python folds the index's extra terms.

``fold()`` in ``theme/static/search.js`` runs under Node (/usr/bin/node) on the same samples as
:func:`jarida.i18n.arabic.fold_for_search`; skipped without Node.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import pytest

from jarida.i18n.arabic import fold_for_search

NODE = shutil.which("node")
SCRIPT = Path(str(files("jarida") / "theme" / "static" / "search.js"))

SAMPLES = [
    "الاقتصاد",
    "الإقتصاد",
    "الاقْتِصَادُ المِصْرِيُّ",
    "والاقتصاد",
    "وَالاقْتِصَادُ",
    "فالحكومة",
    "«والاقتصاد»،",
    "(فالمدرسة)",
    "والد",
    "والدة",
    "فالح",
    "الوالي والي",
    "أحمد إبراهيم آمال ٱلله",
    "على مستوى المستشفى",
    "فارسی کتاب",
    "الـعـالم",
    "هٰذا",
    "ﻻ ﷲ ﻷ",
    "عام ٢٠٢٤ و۱۴۰۲ و2025",
    "٤٫٢٪",
    "Christine LAGARDE",
    "Mi-35B iPhone 17",
    "Straße ΣΊΣΥΦΟΣ",
    "  كلمة\u00a0\tأخرى\n",
    "وصلت مروحيات Mi-35B إلى القاعدة، وفق Twitter.",
    "قال: «هذا» — والآن؟",
    "",
]


@pytest.mark.skipif(NODE is None, reason="needs Node to run the search page's script")
def test_python_and_javascript_folds_agree() -> None:
    program = (
        "const {fold} = require(process.argv[1]);"
        "const samples = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(samples.map(fold)));"
    )
    done = subprocess.run(
        [str(NODE), "-e", program, str(SCRIPT)],
        input=json.dumps(SAMPLES),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    folded = json.loads(done.stdout)
    assert dict(zip(SAMPLES, folded, strict=True)) == {s: fold_for_search(s) for s in SAMPLES}
