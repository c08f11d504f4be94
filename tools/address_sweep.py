# Run: python tools/address_sweep.py . (then make i18n).
# Idempotent; re-run after merging others' catalogs.
"""Issue 13, item 13: address staff and leaders as "thầy/cô" in every Vietnamese text.

Rewrites msgstr blocks of .po files (never msgids), the values of *_vi.py dicts, and the `vi`
texts of report types. Re-runnable: a second run changes nothing.
"""
import re
import sys
from pathlib import Path

PHRASES = [
    ("Gửi /help để xem thầy/cô có thể làm gì.", "Gửi /help để xem các việc có thể làm."),
    ("trên ứng dụng thầy/cô dùng gần nhất", "trên ứng dụng dùng gần nhất"),
    ("với tài khoản thầy/cô đã có, hãy gửi /link trên ứng dụng thầy/cô đã đăng ký",
     "với tài khoản sẵn có, hãy gửi /link trên ứng dụng đã đăng ký"),
    ("Chào mừng bạn!", "Chào mừng thầy/cô!"),
    ("Các kế hoạch đã nạp không nói về điều này, nên tôi không muốn đoán.",
     "Các kế hoạch đã nạp chưa nêu nội dung này, nên tôi chưa trả lời để tránh trả lời sai."),
    ("Đã xếp lịch nhắc {n} lãnh đạo của {units} đơn vị chưa nộp.",
     "Có {units} đơn vị chưa nộp; đã xếp lịch nhắc {n} lãnh đạo đơn vị đang dùng bot."),
    ("đây là câu thầy/cô đang trả lời:", "đây là câu hỏi đang chờ trả lời:"),
]
WORD = [(re.compile(r"(?<![\wÀ-ỹ])Bạn(?![\wÀ-ỹ])"), "Thầy/cô"),
        (re.compile(r"(?<![\wÀ-ỹ])bạn(?![\wÀ-ỹ])"), "thầy/cô")]


def fix(text: str) -> str:
    for old, new in PHRASES:
        text = text.replace(old, new)
    for pattern, new in WORD:
        text = pattern.sub(new, text)
    return text


def po(path: Path) -> None:
    out: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    joined = "\n".join(lines)
    # join msgstr blocks so a phrase split over lines is found: rewrite block by block
    blocks = re.split(r"(\nmsgstr [^\n]*(?:\n\"[^\n]*)*)", joined)
    for block in blocks:
        if block.startswith("\nmsgstr"):
            head, *rest = block.split("\n")[1:]
            parts = [re.match(r'msgstr (".*")$', head).group(1), *rest]
            value = "".join(p[1:-1] for p in parts)
            new = fix(value)
            if new != value:
                if len(parts) == 1:
                    block = f'\nmsgstr "{new}"'
                else:
                    block = '\nmsgstr ""\n' + "\n".join(f'"{c}"' for c in _wrap(new))
        out.append(block)
    path.write_text("".join(out), encoding="utf-8")


def _wrap(text: str, width: int = 95) -> list[str]:
    chunks, line = [], ""
    for word in re.split(r"(?<= )", text):
        if line and len(line) + len(word) > width:
            chunks.append(line)
            line = ""
        line += word
    chunks.append(line)
    return chunks


def py(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # values only: a string literal after `": ` or on its own line after a key line
    out = []
    for line in text.split("\n"):
        m = re.match(r'^(\s*"(?:[^"\\]|\\.)*":\s*)(.*)$', line)
        if m:
            line = m.group(1) + fix(m.group(2))
        elif re.match(r'^\s+"', line) and not line.rstrip().endswith('":'):
            line = fix(line)
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")


def toml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(\bvi = ")((?:[^"\\]|\\.)*)(")',
                  lambda m: m.group(1) + fix(m.group(2)) + m.group(3), text)
    path.write_text(text, encoding="utf-8")


root = Path(sys.argv[1])
catalogs = sorted((root / "locales/fragments").glob("*.po"))
for p in [root / "locales/vi/LC_MESSAGES/messages.po", *catalogs]:
    po(p)
for p in sorted((root / "locales/fragments").glob("*_vi.py")):
    py(p)
for p in sorted((root / "data/report_types").glob("*.toml")):
    toml(p)
