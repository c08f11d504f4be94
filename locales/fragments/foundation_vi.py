# Vietnamese texts for the foundation's messages (tools/po_fragment.py turns this into a .po).
VI = {
    " and ": " và ",
    "(Reply with a number from 1 to {n}.)": "(Trả lời bằng một số từ 1 đến {n}.)",
    "<b>What you can do</b>": "<b>Thầy/cô có thể làm gì</b>",
    "<b>Your profile</b>": "<b>Thông tin của thầy/cô</b>",
    "Cancelled.": "Đã hủy.",
    "Change language (Tiếng Việt / English)": "Đổi ngôn ngữ (Tiếng Việt / English)",
    "Channels: {channels}": "Kênh: {channels}",
    "Choose your language:": "Chọn ngôn ngữ:",
    "Console mode. Type /quit to leave.": "Chế độ dòng lệnh. Gõ /quit để thoát.",
    "Hello! I am the emulation-campaign assistant of the education office. I answer questions "
    "about the campaigns, collect your reports and remind you of deadlines.":
        "Xin chào! Tôi là trợ lý thi đua – khen thưởng của Phòng Giáo dục. Tôi trả lời câu hỏi "
        "về các phong trào thi đua, nhận báo cáo của đơn vị và nhắc hạn nộp.",
    "I can only read text messages here (and documents or photos where a report asks for "
    "them). Please type your message, or send /help.":
        "Ở đây tôi chỉ đọc được tin nhắn chữ (và tệp hoặc ảnh khi báo cáo yêu cầu). Vui lòng "
        "gõ nội dung, hoặc gửi /help.",
    "I don't know the command /{name}. Send /help to see what I can do.":
        "Tôi không biết lệnh /{name}. Gửi /help để xem tôi làm được gì.",
    "I wasn't expecting a file just now. To attach files to a report, start it with /report.":
        "Lúc này tôi chưa cần tệp. Để đính kèm tệp vào báo cáo, hãy bắt đầu bằng /report.",
    "Language set to English.": "Đã chuyển sang tiếng Việt.",
    "Language: {lang}": "Ngôn ngữ: {lang}",
    "Leave what you are doing": "Thoát khỏi thao tác đang làm",
    "Let's finish registering first.": "Trước hết, mời thầy/cô hoàn tất đăng ký.",
    "Name: {name}": "Họ tên: {name}",
    "Or just type a question, for example: <i>hạn nộp báo cáo sơ kết là khi nào?</i>":
        "Hoặc cứ gõ câu hỏi, ví dụ: <i>hạn nộp báo cáo sơ kết là khi nào?</i>",
    "Please send some text.": "Vui lòng gửi nội dung bằng chữ.",
    "Please send the join code your school or the office gave you (for example: "
    "HOASEN-GV-4821).":
        "Vui lòng gửi mã tham gia do nhà trường hoặc Phòng cấp (ví dụ: HOASEN-GV-4821).",
    "Please send your full name: {lo} to {hi} characters, with letters.":
        "Vui lòng gửi họ và tên đầy đủ: từ {lo} đến {hi} ký tự, có chữ cái.",
    "Role: {membership}": "Vai trò: {membership}",
    "Send /help to see what I can do.": "Gửi /help để xem tôi làm được gì.",
    "Sorry, /{name} is only for {who}.": "Xin lỗi, lệnh /{name} chỉ dành cho {who}.",
    "Sorry, something went wrong on my side. What you sent is not lost: please try again in a "
    "moment, or send /help.":
        "Xin lỗi, hệ thống vừa gặp sự cố. Những gì thầy/cô đã gửi không bị mất: vui lòng thử lại "
        "sau giây lát, hoặc gửi /help.",
    "Sorry, that is not available to you.": "Xin lỗi, chức năng này không dành cho thầy/cô.",
    "Start, or show the welcome again": "Bắt đầu, hoặc xem lại lời chào",
    "Thank you, {name}.": "Cảm ơn {name}.",
    "That button no longer works. Please start again from the menu: /help":
        "Nút này không còn hiệu lực. Vui lòng bắt đầu lại từ menu: /help",
    "That code is not right. Please check it with your principal or the office and send it "
    "again ({left} tries left).":
        "Mã chưa đúng. Vui lòng kiểm tra lại với hiệu trưởng hoặc Phòng rồi gửi lại (còn {left} "
        "lần thử).",
    "That message is too long ({n} characters). Please keep it under {limit} characters.":
        "Tin nhắn quá dài ({n} ký tự). Vui lòng gửi dưới {limit} ký tự.",
    "There is nothing to cancel.": "Không có gì để hủy.",
    "To use the bot you first register: your full name, then your unit's join code. Ask your "
    "principal or the office if you don't have a code.":
        "Để dùng bot, trước hết thầy/cô đăng ký: họ và tên, rồi mã tham gia của đơn vị. Nếu chưa "
        "có mã, hãy hỏi hiệu trưởng hoặc Phòng.",
    "Too many wrong codes. Please try again after {time}, or ask the office for help.":
        "Thầy/cô đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau {time}, hoặc liên hệ Phòng để "
        "được hỗ trợ.",
    "Welcome back, {name}! You are {membership}.":
        "Chào mừng {name} quay lại! Thầy/cô là {membership}.",
    "Welcome! You are registered as {membership}. Send /help to see what you can do.":
        "Chào mừng thầy/cô! Thầy/cô đã đăng ký là {membership}. Gửi /help để xem các việc có "
        "thể làm.",
    "Welcome, {name}! You are registered as an office admin. Send /help to see what you can "
    "do.":
        "Chào mừng {name}! Thầy/cô đã đăng ký là chuyên viên quản trị của Phòng. Gửi /help để xem "
        "các việc có thể làm.",
    "What I can do for you": "Tôi có thể giúp gì cho thầy/cô",
    "What is your full name? (for example: Nguyễn Thị Lan)":
        "Thầy/cô vui lòng cho biết họ và tên đầy đủ? (ví dụ: Nguyễn Thị Lan)",
    "Your profile: name, unit, role": "Thông tin của thầy/cô: họ tên, đơn vị, vai trò",
    "not registered yet": "chưa đăng ký",
    "office admin": "chuyên viên quản trị của Phòng",
    "office admins": "chuyên viên quản trị của Phòng",
    "staff": "giáo viên, nhân viên",
    "staff (teacher/employee)": "giáo viên/nhân viên",
    "unit leader (principal/vice-principal)": "lãnh đạo đơn vị (hiệu trưởng/phó hiệu trưởng)",
    "unit leaders": "lãnh đạo đơn vị",
    "{role} of <b>{unit}</b>": "{role} của <b>{unit}</b>",
}
