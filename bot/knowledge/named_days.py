"""Fixed-date Vietnamese national days and observances, as documents name them.

"vào dịp kỷ niệm ngày Nhà giáo Việt Nam", "trước ngày Quốc khánh": the day is a date the reader
is expected to know. Only days on a fixed solar date are listed; lunar ones (Tết Nguyên đán,
Giỗ Tổ Hùng Vương) move every year and are left out.

Sources (each row names its own):
- NĐ 145/2013: Nghị định 145/2013/NĐ-CP, Điều 4 (the great national days, with their dates).
- BLLĐ 2019: Bộ luật Lao động 45/2019/QH14, Điều 112 (public holidays).
- Luật TĐKT 2003: Luật Thi đua, khen thưởng, VBHN 16/VBHN-VPQH, Điều 62–64, which writes
  "ngày Nhà giáo Việt Nam 20 tháng 11", "ngày Thầy thuốc Việt Nam 27 tháng 2",
  "ngày Quốc khánh 2 tháng 9".
- Luật PBGDPL 2012: Luật Phổ biến, giáo dục pháp luật 14/2012/QH13, Điều 8.
- The decision of the Prime Minister (QĐ … /QĐ-TTg) or the founding date named in the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.textnorm import fold


@dataclass(frozen=True)
class NamedDay:
    name: str  # as documents usually write it
    month: int
    day: int
    source: str
    aliases: tuple[str, ...] = ()  # other spellings, without the leading "ngày"


NAMED_DAYS: tuple[NamedDay, ...] = (
    NamedDay("Ngày thành lập Đảng Cộng sản Việt Nam", 2, 3, "NĐ 145/2013",
             ("thành lập Đảng", "thành lập Đảng Cộng sản Việt Nam")),
    NamedDay("Ngày Thầy thuốc Việt Nam", 2, 27, "Luật TĐKT 2003, Điều 63",
             ("Thầy thuốc Việt Nam",)),
    NamedDay("Ngày Quốc tế Phụ nữ", 3, 8, "International Women's Day (UN, 1977)",
             ("Quốc tế Phụ nữ",)),
    NamedDay("Ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh", 3, 26,
             "founding of the Youth Union, 26/3/1931",
             ("thành lập Đoàn", "thành lập Đoàn TNCS Hồ Chí Minh",
              "thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh")),
    NamedDay("Ngày Sách và Văn hóa đọc Việt Nam", 4, 21, "QĐ 1862/QĐ-TTg (2021)",
             ("Sách và Văn hóa đọc Việt Nam", "Sách Việt Nam")),
    NamedDay("Ngày Giải phóng miền Nam, thống nhất đất nước", 4, 30, "NĐ 145/2013",
             ("Giải phóng miền Nam", "Giải phóng hoàn toàn miền Nam")),
    NamedDay("Ngày Quốc tế Lao động", 5, 1, "BLLĐ 2019, Điều 112", ("Quốc tế Lao động",)),
    NamedDay("Ngày Chiến thắng Điện Biên Phủ", 5, 7, "NĐ 145/2013",
             ("Chiến thắng Điện Biên Phủ",)),
    NamedDay("Ngày thành lập Đội Thiếu niên Tiền phong Hồ Chí Minh", 5, 15,
             "founding of the Young Pioneers, 15/5/1941",
             ("thành lập Đội", "thành lập Đội TNTP Hồ Chí Minh",
              "thành lập Đội Thiếu niên Tiền phong Hồ Chí Minh")),
    NamedDay("Ngày sinh Chủ tịch Hồ Chí Minh", 5, 19, "NĐ 145/2013",
             ("sinh Chủ tịch Hồ Chí Minh", "sinh nhật Bác", "sinh của Chủ tịch Hồ Chí Minh")),
    NamedDay("Ngày Quốc tế Thiếu nhi", 6, 1, "International Children's Day",
             ("Quốc tế Thiếu nhi",)),
    NamedDay("Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc", 6, 11,
             "Lời kêu gọi thi đua ái quốc, 11/6/1948",
             ("Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc",
              "Bác Hồ ra Lời kêu gọi thi đua ái quốc")),
    NamedDay("Ngày Báo chí Cách mạng Việt Nam", 6, 21, "founding of Thanh Niên, 21/6/1925",
             ("Báo chí Cách mạng Việt Nam",)),
    NamedDay("Ngày Gia đình Việt Nam", 6, 28, "QĐ 72/2001/QĐ-TTg", ("Gia đình Việt Nam",)),
    NamedDay("Ngày Thương binh - Liệt sĩ", 7, 27, "Ngày Thương binh toàn quốc, 27/7/1947",
             ("Thương binh - Liệt sĩ", "Thương binh Liệt sĩ", "Thương binh, Liệt sĩ")),
    NamedDay("Ngày Cách mạng Tháng Tám", 8, 19, "NĐ 145/2013", ("Cách mạng Tháng Tám",)),
    NamedDay("Ngày Quốc khánh", 9, 2, "NĐ 145/2013; BLLĐ 2019, Điều 112; Luật TĐKT 2003",
             ("Quốc khánh", "lễ Quốc khánh", "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
              "Quốc khánh nước Cộng hoà xã hội chủ nghĩa Việt Nam")),
    NamedDay("Ngày Khuyến học Việt Nam", 10, 2, "QĐ 281/QĐ-TTg (2007)", ("Khuyến học Việt Nam",)),
    NamedDay("Ngày Chuyển đổi số quốc gia", 10, 10, "QĐ 505/QĐ-TTg (2022)",
             ("Chuyển đổi số quốc gia",)),
    NamedDay("Ngày Doanh nhân Việt Nam", 10, 13, "QĐ 990/QĐ-TTg (2004)", ("Doanh nhân Việt Nam",)),
    NamedDay("Ngày Phụ nữ Việt Nam", 10, 20, "founding of the Women's Union, 20/10/1930",
             ("Phụ nữ Việt Nam", "thành lập Hội Liên hiệp Phụ nữ Việt Nam")),
    NamedDay("Ngày Pháp luật Việt Nam", 11, 9, "Luật PBGDPL 2012, Điều 8",
             ("Pháp luật Việt Nam", "Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam")),
    NamedDay("Ngày hội Đại đoàn kết toàn dân tộc", 11, 18,
             "founding of the Fatherland Front, 18/11/1930",
             ("hội Đại đoàn kết toàn dân tộc", "Đại đoàn kết toàn dân tộc")),
    NamedDay("Ngày Nhà giáo Việt Nam", 11, 20, "Luật TĐKT 2003, Điều 62 (QĐ 167/HĐBT, 1982)",
             ("Nhà giáo Việt Nam",)),
    NamedDay("Ngày thành lập Quân đội nhân dân Việt Nam", 12, 22,
             "founding of the People's Army, 22/12/1944",
             ("thành lập Quân đội nhân dân Việt Nam", "hội Quốc phòng toàn dân")),
)


def _spelling(text: str) -> str:
    """Folded, with "-", "," and extra spaces ignored, "hoà" = "hòa"."""
    return " ".join(re.sub(r"[-–,]", " ", fold(text)).split())


_BY_SPELLING: dict[str, NamedDay] = {}
for _day in NAMED_DAYS:
    for _text in (_day.name.removeprefix("Ngày "), *_day.aliases):
        _BY_SPELLING[_spelling(_text)] = _day
_LONGEST_FIRST = sorted(_BY_SPELLING, key=len, reverse=True)


def named_day_at(text: str) -> tuple[NamedDay, int] | None:
    """The named day ``text`` starts with (right after "ngày" or "dịp"), and where its name
    ends in ``text``; the longest name wins ("Quốc khánh nước Cộng hòa …" over "Quốc khánh")."""
    found = [(m.end(), _spelling(m.group(0))) for m in re.finditer(r"[^\s,;:.()]+", text[:160])]
    found = [(end, word) for end, word in found if word]
    for spelling in _LONGEST_FIRST:
        wanted = spelling.split()
        if [word for _end, word in found[:len(wanted)]] == wanted:
            return _BY_SPELLING[spelling], found[len(wanted) - 1][0]
    return None
