# Vietnamese texts for the admin tools' messages (tools/po_fragment.py turns this into a .po).
VI = {
    "Send an announcement to chosen people": "Gửi thông báo đến những người được chọn",
    "Past announcements and their delivery": "Các thông báo đã gửi và tình trạng gửi",
    "Send the text of the announcement. You may also send a document or a photo, with the text "
    "as its caption. /cancel stops.":
        "Gửi nội dung thông báo. Bạn cũng có thể gửi một tệp hoặc một ảnh, kèm nội dung làm chú "
        "thích. Gửi /cancel để dừng.",
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
