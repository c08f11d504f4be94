"""Letterheads in the layouts converters make of Nghị định 30/2020/NĐ-CP's standard frame
(made-up documents): issuer with its parent body, number, date, type and title, and the
citation label built from them."""

from __future__ import annotations

import pytest

from bot.knowledge.agency_names import issuer_of, written_name
from bot.knowledge.fmt import doc_label
from bot.knowledge.importer import parse_text
from bot.knowledge.model import ParsedPlan

BODY = """
Kính gửi: Hiệu trưởng các trường mầm non, tiểu học, THCS

Thực hiện Kế hoạch số 12/KH-UBND ngày 02/01/2020 của UBND huyện, Phòng đề nghị các trường
gửi báo cáo trước ngày 15/3/2020.

Nơi nhận:
- Như trên;
- Lưu: VT.

TRƯỞNG PHÒNG

Nguyễn Văn Bình
"""


def _read(text: str) -> ParsedPlan:
    return parse_text(text, "made_up_letter.txt")


def _label(plan: ParsedPlan) -> str:
    return doc_label(plan.doc_type, plan.title, plan.number, plan.issuer, plan.issued_date)


# (letterhead and title block, type, title, issuer, number, issued date, label)
LAYOUTS = {
    "district letter, columns interleaved line by line, no type word": (
        "UBND HUYỆN AN LẠC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 458/PGD&ĐT\nV/v tổ chức hội nghị tổng kết\n"
        "An Lạc, ngày 05 tháng 3 năm 2020\n",
        "Công văn", "Tổ chức hội nghị tổng kết",
        "Phòng Giáo dục và Đào tạo huyện An Lạc", "458/PGD&ĐT", "2020-03-05",
        "CV 458/PGD&ĐT, Phòng GD&ĐT huyện An Lạc, 5/3/2020"),
    "district letter, two columns joined by tabs": (
        "UBND HUYỆN AN LẠC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 458/PGD&ĐT\tAn Lạc, ngày 05 tháng 3 năm 2020\n"
        "V/v tổ chức hội nghị tổng kết\n",
        "Công văn", "Tổ chức hội nghị tổng kết",
        "Phòng Giáo dục và Đào tạo huyện An Lạc", "458/PGD&ĐT", "2020-03-05",
        "CV 458/PGD&ĐT, Phòng GD&ĐT huyện An Lạc, 5/3/2020"),
    "ministry circular as antiword table rows": (
        "|BỘ NGOẠI GIAO          |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "|-----                  |Độc lập - Tự do - Hạnh phúc        |\n"
        "|Số: 07/2019/TT-BNG     |Hà Nội, ngày 10 tháng 5 năm 2019   |\n\n"
        "THÔNG TƯ\nHướng dẫn công tác thi đua, khen thưởng trong ngành Ngoại giao\n",
        "Thông tư", "Hướng dẫn công tác thi đua, khen thưởng trong ngành Ngoại giao",
        "Bộ Ngoại giao", "07/2019/TT-BNG", "2019-05-10",
        "Thông tư 07/2019/TT-BNG, Bộ Ngoại giao, 10/5/2019"),
    "district office plan, columns joined by runs of spaces": (
        "UBND HUYỆN TÂN PHÚ            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 25/KH-PGDĐT                Tân Phú, ngày 14 tháng 02 năm 2023\n\n"
        "KẾ HOẠCH\nThi đua, khen thưởng năm học 2022-2023\n",
        "Kế hoạch", "Thi đua, khen thưởng năm học 2022-2023",
        "Phòng Giáo dục và Đào tạo huyện Tân Phú", "25/KH-PGDĐT", "2023-02-14",
        "KH 25/KH-PGDĐT, Phòng GD&ĐT huyện Tân Phú, 14/2/2023"),
    "office's internal sheet, no type word, no title line": (
        "UBND QUẬN NAM SƠN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Nam Sơn, ngày 04 tháng 9 năm 2021\n\n"
        "Phân công nhiệm vụ cán bộ, công chức năm học 2021-2022 như sau:\n"
        "1. Đồng chí Lê Văn An, Trưởng phòng: phụ trách chung.\n",
        "", "Phân công nhiệm vụ cán bộ, công chức năm học 2021-2022 như sau",
        "Phòng Giáo dục và Đào tạo quận Nam Sơn", None, "2021-09-04",
        "Phân công nhiệm vụ cán bộ, công chức năm học 2021-2022 như sau, "
        "Phòng GD&ĐT quận Nam Sơn, 4/9/2021"),
    "school's sheet with a title in capitals but no type word": (
        "PHÒNG GD&ĐT HUYỆN ĐỒNG XUÂN\nTRƯỜNG THCS KIM ĐỒNG\n\n"
        "DANH SÁCH PHÂN CÔNG CHUYÊN MÔN HỌC KỲ I\n\n1. Tổ Toán: thầy Trần Văn Cường.\n",
        "", "Danh sách phân công chuyên môn học kỳ i",
        "Trường THCS Kim Đồng, huyện Đồng Xuân", None, None,
        "Danh sách phân công chuyên môn học kỳ i, Trường THCS Kim Đồng, huyện Đồng Xuân"),
    "provincial department's decision with its rules attached": (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TRUNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 1021/QĐ-SGDĐT\tHà Trung, ngày 20 tháng 8 năm 2022\n\n"
        "QUYẾT ĐỊNH\nVề việc ban hành Quy chế thi đua, khen thưởng\n"
        "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế thi đua, khen thưởng.\n"
        "QUY CHẾ\nThi đua, khen thưởng\n(Ban hành kèm theo Quyết định số 1021/QĐ-SGDĐT)\n",
        "Quyết định", "Về việc ban hành Quy chế thi đua, khen thưởng",
        "Sở Giáo dục và Đào tạo tỉnh Hà Trung", "1021/QĐ-SGDĐT", "2022-08-20",
        "QĐ 1021/QĐ-SGDĐT, Sở GD&ĐT tỉnh Hà Trung, 20/8/2022"),
    "school report under its district office": (
        "PHÒNG GDĐT HUYỆN LONG ĐIỀN\nTRƯỜNG TIỂU HỌC HOA SEN\n"
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
        "Số: 35/BC-THHS\nLong Điền, ngày 28 tháng 5 năm 2024\n\n"
        "BÁO CÁO\nSơ kết phong trào thi đua học kỳ II\n",
        "Báo cáo", "Sơ kết phong trào thi đua học kỳ II",
        "Trường Tiểu học Hoa Sen, huyện Long Điền", "35/BC-THHS", "2024-05-28",
        "BC 35/BC-THHS, Trường Tiểu học Hoa Sen, huyện Long Điền, 28/5/2024"),
    "provincial council, its name broken over lines": (
        "HỘI ĐỒNG\nTHI ĐUA - KHEN THƯỞNG\nTỈNH QUẢNG ĐỊNH\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 09/TB-HĐTĐKT\nQuảng Định, ngày 11 tháng 11 năm 2021\n\n"
        "THÔNG BÁO\nKết quả xét khen thưởng năm 2021\n",
        "Thông báo", "Kết quả xét khen thưởng năm 2021",
        "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Định", "09/TB-HĐTĐKT", "2021-11-11",
        "TB 09/TB-HĐTĐKT, Hội đồng Thi đua - Khen thưởng tỉnh Quảng Định, 11/11/2021"),
    "board under a department under a province, three lines": (
        "UBND TỈNH BẮC SƠN\nSỞ NỘI VỤ\nBAN THI ĐUA - KHEN THƯỞNG\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 112/HD-BTĐKT\nBắc Sơn, ngày 03 tháng 3 năm 2021\n\n"
        "HƯỚNG DẪN\nXét tặng danh hiệu thi đua năm 2021\n",
        "Hướng dẫn", "Xét tặng danh hiệu thi đua năm 2021",
        "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Bắc Sơn", "112/HD-BTĐKT", "2021-03-03",
        "HD 112/HD-BTĐKT, Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Bắc Sơn, 3/3/2021"),
    "submission to the district, motto first then the letterhead": (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Phú Lâm, ngày 18 tháng 6 năm 2020\nUBND THỊ XÃ PHÚ LÂM\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n"
        "Số: 77/TTr-PGDĐT\n\nTỜ TRÌNH\nĐề nghị tặng Giấy khen năm học 2019-2020\n"
        "Kính gửi: Ủy ban nhân dân thị xã Phú Lâm\n",
        "Tờ trình", "Đề nghị tặng Giấy khen năm học 2019-2020",
        "Phòng Giáo dục và Đào tạo thị xã Phú Lâm", "77/TTr-PGDĐT", "2020-06-18",
        "TTr 77/TTr-PGDĐT, Phòng GD&ĐT thị xã Phú Lâm, 18/6/2020"),
    "office's name broken inside, under a numbered urban district": (
        "ỦY BAN NHÂN DÂN QUẬN 8\nPHÒNG GIÁO DỤC\nVÀ ĐÀO TẠO\n"
        "Số: 301/KH-GDĐT\nQuận 8, ngày 09 tháng 10 năm 2023\n\nKẾ HOẠCH\n"
        "Tổ chức Hội thi giáo viên dạy giỏi cấp quận\n",
        "Kế hoạch", "Tổ chức Hội thi giáo viên dạy giỏi cấp quận",
        "Phòng Giáo dục và Đào tạo quận 8", "301/KH-GDĐT", "2023-10-09",
        "KH 301/KH-GDĐT, Phòng GD&ĐT quận 8, 9/10/2023"),
    "title in capitals over two lines": (
        "UBND HUYỆN VĨNH AN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 40/KH-PGDĐT\n"
        "Vĩnh An, ngày 01 tháng 11 năm 2021\nKẾ HOẠCH\n"
        "TỔ CHỨC HỘI THI GIÁO VIÊN CHỦ NHIỆM GIỎI\nNĂM HỌC 2021-2022\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n",
        "Kế hoạch", "Tổ chức hội thi giáo viên chủ nhiệm giỏi năm học 2021-2022",
        "Phòng Giáo dục và Đào tạo huyện Vĩnh An", "40/KH-PGDĐT", "2021-11-01",
        "KH 40/KH-PGDĐT, Phòng GD&ĐT huyện Vĩnh An, 1/11/2021"),
    "scan with OCR noise: spaced number, misread marks": (
        "UBND HUYỆN ĐÔNG HÀ\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠo\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố:12 /KH - PGDĐT\n"
        "Đông Hà, ngày 5 tháng 9 nãm 2021\n\nKÉ HOẠCH\nThi đua chào mừng ngày Nhà giáo\n",
        "Kế hoạch", "Thi đua chào mừng ngày Nhà giáo",
        "Phòng Giáo dục và Đào tạo huyện Đông Hà", "12/KH-PGDĐT", "2021-09-05",
        "KH 12/KH-PGDĐT, Phòng GD&ĐT huyện Đông Hà, 5/9/2021"),
    "date written with slashes, markdown bold letterhead": (
        "**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Số: 1234/BGDĐT-TĐKT\nHà Nội, ngày 15/6/2023\n"
        "V/v hướng dẫn công tác thi đua, khen thưởng\nnăm học 2023-2024\n\n"
        "Kính gửi: Các sở giáo dục và đào tạo\n",
        "Công văn", "Hướng dẫn công tác thi đua, khen thưởng năm học 2023-2024",
        "Bộ Giáo dục và Đào tạo", "1234/BGDĐT-TĐKT", "2023-06-15",
        "CV 1234/BGDĐT-TĐKT, Bộ GD&ĐT, 15/6/2023"),
    "letter whose subject's second line is interleaved with the date": (
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ TRUNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 88/SGDĐT-VP\nĐộc lập - Tự do - Hạnh phúc\nV/v nộp hồ sơ đề nghị\n"
        "Hà Trung, ngày 20 tháng 4 năm 2022\nkhen thưởng năm học 2021-2022\n\n"
        "Kính gửi: Các phòng giáo dục và đào tạo\n",
        "Công văn", "Nộp hồ sơ đề nghị khen thưởng năm học 2021-2022",
        "Sở Giáo dục và Đào tạo Hà Trung", "88/SGDĐT-VP", "2022-04-20",
        "CV 88/SGDĐT-VP, Sở GD&ĐT Hà Trung, 20/4/2022"),
    "number and subject on one line, date joined to the motto": (
        "UBND HUYỆN KỲ SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GD&ĐT Độc lập - Tự do - Hạnh phúc\n"
        "Số: 215/PGDĐT V/v báo cáo số liệu thi đua Kỳ Sơn, ngày 02 tháng 12 năm 2019\n",
        "Công văn", "Báo cáo số liệu thi đua",
        "Phòng Giáo dục và Đào tạo huyện Kỳ Sơn", "215/PGDĐT", "2019-12-02",
        "CV 215/PGDĐT, Phòng GD&ĐT huyện Kỳ Sơn, 2/12/2019"),
    "province's directive, its own name broken after the head": (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 05/CT-UBND\nHà Nam Sơn, ngày 09 tháng 01 năm 2023\n\nCHỈ THỊ\n"
        "Về việc phát động phong trào thi đua năm 2023\n",
        "Chỉ thị", "Về việc phát động phong trào thi đua năm 2023",
        "Ủy ban nhân dân tỉnh Hà Nam Sơn", "05/CT-UBND", "2023-01-09",
        "CT 05/CT-UBND, UBND tỉnh Hà Nam Sơn, 9/1/2023"),
    "school notice marked as a draft and urgent, day left blank": (
        "TRƯỜNG MẦM NON HOA MAI\n(Dự thảo)\nKHẨN\nSố:     /TB-MNHM\n"
        "Cẩm Lệ, ngày   tháng 5 năm 2024\n\nTHÔNG BÁO\nLịch họp xét thi đua cuối năm\n",
        "Thông báo", "Lịch họp xét thi đua cuối năm",
        "Trường Mầm non Hoa Mai", "/TB-MNHM", "2024-05",
        "Thông báo “Lịch họp xét thi đua cuối năm”, Trường Mầm non Hoa Mai, 5/2024"),
    "ministry department over its ministry": (
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nVỤ THI ĐUA - KHEN THƯỞNG\n"
        "Số: 19/TĐKT\nHà Nội, ngày 12 tháng 7 năm 2018\n"
        "V/v góp ý dự thảo Thông tư\n\nKính gửi: Các đơn vị thuộc Bộ\n",
        "Công văn", "Góp ý dự thảo Thông tư",
        "Vụ Thi đua - Khen thưởng, Bộ Giáo dục và Đào tạo", "19/TĐKT", "2018-07-12",
        "CV 19/TĐKT, Vụ Thi đua - Khen thưởng, Bộ GD&ĐT, 12/7/2018"),
    "district emulation council's programme, its type in letter-spaced capitals": (
        "UBND HUYỆN MỸ XUYÊN\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\nSố: 03/CTr-HĐTĐKT\n"
        "Mỹ Xuyên, ngày 06 tháng 01 năm 2025\n\nC H Ư Ơ N G T R Ì N H\n"
        "Công tác thi đua, khen thưởng năm 2025\n",
        "Chương trình", "Công tác thi đua, khen thưởng năm 2025",
        "Hội đồng Thi đua - Khen thưởng huyện Mỹ Xuyên", "03/CTr-HĐTĐKT", "2025-01-06",
        "Chương trình 03/CTr-HĐTĐKT, Hội đồng Thi đua - Khen thưởng huyện Mỹ Xuyên, "
        "6/1/2025"),
    "scan that glued the number to the office's name": (
        "UBND HUYỆN LẠC SƠN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠOSố: 25/KH-PGDĐT\n"
        "Lạc Sơn, ngày 30 tháng 10 năm 2020\nKẾ HOẠCH\nPhát động thi đua năm học 2020-2021\n",
        "Kế hoạch", "Phát động thi đua năm học 2020-2021",
        "Phòng Giáo dục và Đào tạo huyện Lạc Sơn", "25/KH-PGDĐT", "2020-10-30",
        "KH 25/KH-PGDĐT, Phòng GD&ĐT huyện Lạc Sơn, 30/10/2020"),
    "scan that lost the word 'Số' before an unnumbered copy's number": (
        "UBND HUYỆN LẠC SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO /KH-PGD&ĐT Độc lập - Tự do - Hạnh phúc\n"
        "Lạc Sơn, ngày 30 tháng 10 năm 2020\nKẾ HOẠCH\nPhát động thi đua năm học 2020-2021\n",
        "Kế hoạch", "Phát động thi đua năm học 2020-2021",
        "Phòng Giáo dục và Đào tạo huyện Lạc Sơn", "/KH-PGD&ĐT", "2020-10-30",
        "Kế hoạch “Phát động thi đua năm học 2020-2021”, Phòng GD&ĐT huyện Lạc Sơn, "
        "30/10/2020"),
    "report whose type runs on into its subject, all in capitals": (
        "TRƯỜNG THPT LÊ LỢI\nTỔ CHUYÊN MÔN TOÁN - TIN\nLê Lợi, ngày 20 tháng 5 năm 2024\n"
        "BÁO CÁO TỔNG KẾT THI ĐUA NĂM HỌC 2023-2024\n",
        "Báo cáo", "Tổng kết thi đua năm học 2023-2024",
        "Tổ chuyên môn Toán - Tin, Trường THPT Lê Lợi", None, "2024-05-20",
        "Báo cáo “Tổng kết thi đua năm học 2023-2024”, Tổ chuyên môn Toán - Tin, Trường THPT "
        "Lê Lợi, 20/5/2024"),
    "subject's second line joined to the date by a converter": (
        "UBND HUYỆN AN LẠC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\tĐộc lập - Tự do - Hạnh phúc\nSố: 460/PGD&ĐT\n"
        "V/v tổ chức hội nghị\tAn Lạc, ngày 06 tháng 3 năm 2020\ntổng kết phong trào thi đua\n",
        "Công văn", "Tổ chức hội nghị tổng kết phong trào thi đua",
        "Phòng Giáo dục và Đào tạo huyện An Lạc", "460/PGD&ĐT", "2020-03-06",
        "CV 460/PGD&ĐT, Phòng GD&ĐT huyện An Lạc, 6/3/2020"),
    "plan whose title ends with its campaign's name in capitals": (
        "UBND HUYỆN AN LẠC\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 31/KH-PGDĐT\n"
        "An Lạc, ngày 10 tháng 9 năm 2020\nKẾ HOẠCH\nPhát động phong trào thi đua\n"
        "“DẠY TỐT - HỌC TỐT”\nCăn cứ Luật Thi đua, khen thưởng;\n",
        "Kế hoạch", "Phát động phong trào thi đua “DẠY TỐT - HỌC TỐT”",
        "Phòng Giáo dục và Đào tạo huyện An Lạc", "31/KH-PGDĐT", "2020-09-10",
        "KH 31/KH-PGDĐT, Phòng GD&ĐT huyện An Lạc, 10/9/2020"),
    "word document whose capitals were a font style, so the text is not in capitals": (
        "Ủy ban nhân dân huyện An Lạc\nPhòng Giáo dục và Đào tạo\nSố: 33/KH-PGDĐT\n"
        "An Lạc, ngày 12 tháng 9 năm 2020\nKẾ HOẠCH\nHội thi giáo viên dạy giỏi\n",
        "Kế hoạch", "Hội thi giáo viên dạy giỏi",
        "Phòng Giáo dục và Đào tạo huyện An Lạc", "33/KH-PGDĐT", "2020-09-12",
        "KH 33/KH-PGDĐT, Phòng GD&ĐT huyện An Lạc, 12/9/2020"),
    "internal sheet without letterhead, a heading first": (
        "I. PHÂN CÔNG THEO DÕI THI ĐUA CÁC TRƯỜNG\n"
        "1. Tổ Tiểu học: bà Hoàng Thị Lan.\n",
        "", "Phân công theo dõi thi đua các trường", None, None, None,
        "Phân công theo dõi thi đua các trường"),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_letterhead_layouts(name: str) -> None:
    head, kind, title, issuer, number, issued, label = LAYOUTS[name]
    plan = _read(head + BODY)
    assert (plan.doc_type, plan.title) == (kind, title)
    assert (plan.issuer, plan.number, plan.issued_date) == (issuer, number, issued)
    assert _label(plan) == label


def test_there_are_at_least_twenty_layouts() -> None:
    assert len(LAYOUTS) >= 20


def test_agency_names_are_written_as_vietnamese_writes_them() -> None:
    assert written_name("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Bộ Văn hóa, Thể thao và Du lịch"
    assert written_name("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NAM HÀ") == (
        "Sở Lao động - Thương binh và Xã hội tỉnh Nam Hà")
    assert written_name("BAN THI ĐUA - KHEN THƯỞNG TRUNG ƯƠNG") == (
        "Ban Thi đua - Khen thưởng Trung ương")
    assert written_name("TRƯỜNG ĐẠI HỌC SƯ PHẠM HÀ NỘI") == "Trường Đại học Sư Phạm Hà Nội"
    assert issuer_of(["UBND TP. HỒ CHÍ MINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]) == (
        "Sở Giáo dục và Đào tạo TP. Hồ Chí Minh")


def test_a_gazette_page_header_is_no_letterhead() -> None:
    plan = _read("CÔNG BÁO/Số 5/Ngày 06-01-2014\n\nLUẬT\nAn toàn trường học\n"
                 "Chương I\nĐiều 1. Phạm vi\nNội dung.\n")
    assert (plan.number, plan.issuer) == (None, None)


def test_two_districts_offices_are_told_apart() -> None:
    letter = "UBND HUYỆN {d}\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1/KH-PGDĐT\nKẾ HOẠCH\nThi đua\n"
    one, two = (_read(letter.format(d=d) + BODY) for d in ("AN LẠC", "TÂN PHÚ"))
    assert one.issuer != two.issuer
    assert _label(one) != _label(two)
