# Vietnamese texts for the admin tools' messages (tools/po_fragment.py turns this into a .po).
VI = {
    "Send an announcement to chosen people": "Gửi thông báo đến những người được chọn",
    "Past announcements and their delivery": "Các thông báo đã gửi và tình trạng gửi",
    "Send the text of the announcement. You may also send a document or a photo, with the text "
    "as its caption. /cancel stops.":
        "Gửi nội dung thông báo. Thầy/cô cũng có thể gửi một tệp hoặc một ảnh, kèm nội dung "
        "làm chú thích. Gửi /cancel để dừng.",
    "Please use the buttons above, or /cancel.": "Vui lòng dùng các nút ở trên, hoặc gửi /cancel.",
    "The announcement is {n} characters long; the limit is {limit}. Please shorten it.":
        "Thông báo dài {n} ký tự; giới hạn là {limit}. Vui lòng rút gọn.",
    "Files cannot be attached from this app. Please send text only.":
        "Không thể đính kèm tệp từ ứng dụng này. Vui lòng chỉ gửi nội dung chữ.",
    "File received. Now send the text of the announcement.":
        "Đã nhận tệp. Bây giờ hãy gửi nội dung thông báo.",
    "Everyone": "Tất cả mọi người",
    "Leaders": "Lãnh đạo đơn vị",
    "Staff": "Giáo viên, nhân viên",
    "By unit type": "Theo loại đơn vị",
    "Chosen units": "Đơn vị được chọn",
    "Units missing a report": "Đơn vị chưa nộp báo cáo",
    "Cancel": "Hủy",
    "Who should receive it?": "Ai sẽ nhận thông báo này?",
    "This announcement was already sent or cancelled. Start a new one with /broadcast.":
        "Thông báo này đã được gửi hoặc đã hủy. Tạo thông báo mới bằng /broadcast.",
    "Cancelled. Nothing was sent.": "Đã hủy. Không có gì được gửi.",
    "Which type of unit?": "Loại đơn vị nào?",
    "Units that have not sent which report?": "Đơn vị chưa nộp báo cáo nào?",
    "Type the units, separated by commas: their codes or part of their names (for example: "
    "Hoa Sen, Lac Long Quan).":
        "Gõ tên các đơn vị, cách nhau bằng dấu phẩy: mã đơn vị hoặc một phần tên (ví dụ: Hoa "
        "Sen, Lac Long Quan).",
    "I could not tell which unit you meant by: {parts}. Please type codes or more of the name.":
        "Không xác định được đơn vị: {parts}. Vui lòng gõ mã đơn vị hoặc tên đầy đủ hơn.",
    "<b>Preview</b> — to {label}: {n} people.": "<b>Xem trước</b> — gửi đến {label}: {n} người.",
    "\n📎 with a file": "\n📎 kèm tệp",
    "✅ Send": "✅ Gửi",
    "No such announcement.": "Không có thông báo này.",
    "✅ Announcement #{id} delivered.": "✅ Thông báo #{id} đã gửi xong.",
    "📤 Sending announcement #{id}…": "📤 Đang gửi thông báo #{id}…",
    "To: {label}": "Gửi đến: {label}",
    "Sent: {sent} of {total} · failed: {failed} · blocked the bot: {blocked}":
        "Đã gửi: {sent}/{total} · lỗi: {failed} · đã chặn bot: {blocked}",
    "Left: {left} · about {seconds} s to go": "Còn lại: {left} · khoảng {seconds} giây nữa",
    "No announcements have been sent yet. Send one with /broadcast.":
        "Chưa có thông báo nào. Gửi thông báo bằng /broadcast.",
    "<b>Recent announcements</b>": "<b>Các thông báo gần đây</b>",
    "#{id} {at} — {label}: {sent}/{total} sent, {failed} failed, {blocked} blocked, {pending} "
    "waiting":
        "#{id} {at} — {label}: đã gửi {sent}/{total}, lỗi {failed}, chặn bot {blocked}, chờ "
        "{pending}",
    "everyone": "tất cả mọi người",
    "the leaders of all units": "lãnh đạo của tất cả đơn vị",
    "all staff": "tất cả giáo viên, nhân viên",
    "everyone in {type} units": "mọi người ở các đơn vị {type}",
    "everyone in: {units}": "mọi người ở: {units}",
    "the leaders of units that have not sent “{report}” for {period}":
        "lãnh đạo các đơn vị chưa nộp “{report}” năm {period}",
}
VI.update({
    "broadcast": "gửi thông báo",
    "refused": "bị từ chối",
    "joined a unit": "tham gia đơn vị",
    "too many wrong join codes": "nhập sai mã tham gia quá nhiều lần",
    "plan imported": "nhập kế hoạch",
    "export": "xuất dữ liệu",
    "deadline added": "thêm hạn nộp",
    "deadline changed": "sửa hạn nộp",
    "deadline deleted": "xóa hạn nộp",
    "report reviewed": "duyệt báo cáo",
    "Latest admin actions (audit log)": "Các thao tác quản trị gần đây (nhật ký)",
    "The audit log is empty.": "Nhật ký chưa có gì.",
    "<b>Audit log</b> (latest first)": "<b>Nhật ký thao tác</b> (mới nhất trước)",
})
VI.update({
    # stats
    "waiting for review": "chờ duyệt",
    "returned for correction": "trả lại để sửa",
    "accepted": "đã duyệt",
    "Who has reported, deadline by deadline": "Đơn vị nào đã nộp, theo từng hạn nộp",
    "No deadline with a report is current just now. Send /deadlines to see what is coming.":
        "Hiện không có hạn nộp báo cáo nào đang diễn ra. Gửi /deadlines để xem các hạn sắp tới.",
    "Units that have sent, by unit type.": "Số đơn vị đã nộp, theo loại đơn vị.",
    "Due: {date}": "Hạn nộp: {date}",
    "Sent: {done}/{total} units (on time: {on_time}, late: {late}).":
        "Đã nộp: {done}/{total} đơn vị (đúng hạn: {on_time}, trễ hạn: {late}).",
    "By unit type: {types}": "Theo loại đơn vị: {types}",
    "Review: {statuses}": "Duyệt: {statuses}",
    "Not sent yet ({n}):": "Chưa nộp ({n}):",
    "… and {n} more.": "… và {n} đơn vị khác.",
    "🔔 Remind the {n} missing units": "🔔 Nhắc {n} đơn vị chưa nộp",
    "Every unit has sent it.": "Tất cả đơn vị đã nộp.",
    "📋 Submissions": "📋 Các báo cáo đã nộp",
    "You are not a member of any unit.": "Thầy/cô chưa thuộc đơn vị nào.",
    "<b>{unit}</b>: reports for the current deadlines":
        "<b>{unit}</b>: báo cáo theo các hạn nộp hiện tại",
    "not sent — due {date} ({days} days left)": "chưa nộp — hạn {date} (còn {days} ngày)",
    "not sent — was due {date}": "chưa nộp — đã quá hạn {date}",
    "on time": "đúng hạn",
    "late": "trễ hạn",
    "sent ({timing}), {status}, receipt {receipt}":
        "đã nộp ({timing}), {status}, số biên nhận {receipt}",
    "No deadline with a report is current just now.":
        "Hiện không có hạn nộp báo cáo nào đang diễn ra.",
    "Reminder queued for {n} leaders of {units} units that have not sent it.":
        "Có {units} đơn vị chưa nộp; đã xếp lịch nhắc {n} lãnh đạo đơn vị đang dùng bot.",
    "units": "đơn vị",
    "sent": "đã nộp",
    # review
    "Review the reports units have sent": "Duyệt các báo cáo đơn vị đã nộp",
    "No reports have been sent yet.": "Chưa có báo cáo nào được nộp.",
    "Which reports do you want to review?": "Thầy/cô muốn duyệt loại báo cáo nào?",
    "What should {unit} correct? Type your comment; it is sent to the submitter with the "
    "report.":
        "{unit} cần sửa gì? Hãy gõ nhận xét; nhận xét sẽ được gửi cho người nộp kèm báo cáo.",
    "No reports of this kind for {period}.": "Không có báo cáo loại này cho {period}.",
    "<b>{title}</b> · {period}: {n} sent. Open one to review it.":
        "<b>{title}</b> · {period}: {n} báo cáo. Chọn một báo cáo để duyệt.",
    "Unit: {unit}": "Đơn vị: {unit}",
    "Sent by {name} on {when}, {timing}; receipt {receipt}, version {version}.":
        "Người nộp: {name}, lúc {when}, {timing}; số biên nhận {receipt}, lần nộp {version}.",
    "Status: {status}": "Trạng thái: {status}",
    "Comment: {comment}": "Nhận xét: {comment}",
    "✅ Accept": "✅ Duyệt",
    "↩ Return for correction": "↩ Trả lại để sửa",
    "(A newer version exists; only the latest can be reviewed.)":
        "(Đã có bản nộp mới hơn; chỉ duyệt được bản mới nhất.)",
    "Please type your comment, or /cancel.": "Vui lòng gõ nhận xét, hoặc gửi /cancel.",
    "Please keep the comment within {limit} characters (yours has {n}).":
        "Vui lòng viết nhận xét trong {limit} ký tự (hiện có {n}).",
    "A newer version of this report has been sent; please review that one.":
        "Đơn vị đã nộp bản mới hơn của báo cáo này; vui lòng duyệt bản đó.",
    "Accepted. The submitter has been told.": "Đã duyệt. Người nộp đã được thông báo.",
    "Returned for correction. The submitter has the comment and a button to revise.":
        "Đã trả lại để sửa. Người nộp đã nhận nhận xét và nút để sửa báo cáo.",
    "✅ The office accepted your report “{title}” (receipt {receipt}).":
        "✅ Phòng đã duyệt báo cáo “{title}” của thầy/cô (số biên nhận {receipt}).",
    "↩ The office returned your report “{title}” (receipt {receipt}) for correction:\n"
    "<i>{comment}</i>":
        "↩ Phòng đã trả lại báo cáo “{title}” của thầy/cô (số biên nhận {receipt}) để sửa:\n"
        "<i>{comment}</i>",
    "✏️ Revise it": "✏️ Sửa báo cáo",
    # export
    "Export the reports to a spreadsheet": "Xuất các báo cáo ra bảng tính",
    "All report types": "Tất cả loại báo cáo",
    "Which reports do you want to export?": "Thầy/cô muốn xuất loại báo cáo nào?",
    "All years": "Tất cả các năm",
    "Which period?": "Năm nào?",
    "Excel (XLSX)": "Excel (XLSX)",
    "Which format?": "Định dạng nào?",
    "Here is the export: {rows} reports on {sheets} sheets.":
        "Đây là tệp xuất: {rows} báo cáo trên {sheets} trang tính.",
    "Unit code": "Mã đơn vị",
    "Unit": "Đơn vị",
    "Unit type": "Loại đơn vị",
    "Submitted by": "Người nộp",
    "Period": "Năm",
    "Receipt": "Số biên nhận",
    "Version": "Lần nộp",
    "Submitted at": "Thời gian nộp",
    "On time": "Đúng hạn",
    "Status": "Trạng thái",
    "Review comment": "Nhận xét của Phòng",
    "Attached files": "Tệp đính kèm",
    "Reports": "Báo cáo",
    "No report types.": "Chưa có loại báo cáo nào.",
    "reminded the units that have not sent": "nhắc các đơn vị chưa nộp",
})
VI.update({
    "Send a report (interim, year-end, title registration, …)":
        "Nộp báo cáo (sơ kết, tổng kết, đăng ký danh hiệu, …)",
    "Your reports and their status": "Các báo cáo của thầy/cô và trạng thái",
    "All of your unit's reports": "Tất cả báo cáo của đơn vị",
    "Inside a report: previous question, skip, no more files":
        "Khi đang làm báo cáo: câu trước, bỏ qua, xong phần tệp",
    "That only works while you are filling in a report. Send /report to start one.":
        "Lệnh này chỉ dùng khi đang làm báo cáo. Gửi /report để bắt đầu.",
})
VI.update({
    # knowledge glue
    "The campaigns and their plans": "Các phong trào thi đua và kế hoạch",
    "Upcoming deadlines": "Các hạn nộp sắp tới",
    "Ask about the plans (or just type your question)":
        "Hỏi về các kế hoạch (hoặc cứ gõ câu hỏi)",
    "Questions the plans could not answer": "Các câu hỏi chưa tìm được câu trả lời",
    "Type your question after /ask, or simply send it as a message. For example: hạn nộp báo "
    "cáo sơ kết là khi nào?":
        "Gõ câu hỏi sau /ask, hoặc cứ gửi câu hỏi như một tin nhắn. Ví dụ: hạn nộp báo cáo sơ "
        "kết là khi nào?",
    "Please ask in fewer words (at most {limit} characters).":
        "Vui lòng hỏi ngắn gọn hơn (tối đa {limit} ký tự).",
    "More results": "Thêm kết quả",
    "Please ask your question again.": "Vui lòng hỏi lại câu hỏi của thầy/cô.",
    "No unanswered questions so far.": "Chưa có câu hỏi nào bị bỏ ngỏ.",
    "<b>Questions the plans could not answer</b> (latest first)":
        "<b>Các câu hỏi chưa tìm được câu trả lời</b> (mới nhất trước)",
    "To import a plan, send it as a .txt, .md or .docx file.":
        "Để nhập kế hoạch, hãy gửi tệp .txt, .md hoặc .docx.",
    "✅ Import": "✅ Nhập",
    "<b>Preview of the plan</b>": "<b>Xem trước kế hoạch</b>",
    "Deadlines found: {n}": "Số mốc thời hạn tìm thấy: {n}",
    "Import it?": "Nhập kế hoạch này?",
    "Please use the buttons above to import the plan or cancel.":
        "Vui lòng dùng các nút ở trên để nhập kế hoạch hoặc hủy.",
    "This plan was already imported or cancelled.": "Kế hoạch này đã được nhập hoặc đã hủy.",
    "Cancelled. Nothing was imported.": "Đã hủy. Không có gì được nhập.",
    "This plan was already imported; nothing changed.":
        "Kế hoạch này đã được nhập trước đó; không có gì thay đổi.",
    "Imported. Its campaigns and deadlines are in /campaigns and /deadlines; reminders are "
    "planned.":
        "Đã nhập. Các phong trào và hạn nộp có trong /campaigns và /deadlines; lịch nhắc đã "
        "được lập.",
})
