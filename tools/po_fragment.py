"""Write a .po fragment from a Python dict of English msgid → Vietnamese text.

Usage: python tools/po_fragment.py SOURCE.py OUT.po — SOURCE defines ``VI = {msgid: text}``.
"""

import runpy
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

source, out = sys.argv[1], sys.argv[2]
vi = runpy.run_path(source)["VI"]
catalog = Catalog(locale="vi")
for msgid, text in vi.items():
    catalog.add(msgid, text)
with open(out, "wb") as fh:
    write_po(fh, catalog, width=99, omit_header=True, sort_output=True)
print(f"wrote {len(vi)} messages to {out}")
