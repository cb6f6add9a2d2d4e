<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
    <context>
        <name>AddressField</name>
        <message>
            <source>On your ID card (before the July 2025 reform):</source>
            <translation>Trên thẻ căn cước (địa chỉ trước ngày 01/7/2025):</translation>
        </message>
        <message>
            <source>With the new administrative units it is the address below. Please check it.</source>
            <translation>Theo đơn vị hành chính mới, địa chỉ của bạn là địa chỉ dưới đây. Vui lòng kiểm tra lại.</translation>
        </message>
        <message>
            <source>Your old ward now belongs to one of these. Please touch the right one:</source>
            <translation>Phường/xã cũ của bạn nay thuộc một trong các đơn vị dưới đây. Vui lòng chạm chọn đúng đơn vị:</translation>
        </message>
        <message>
            <source>We could not convert it automatically. Please choose your province and ward below.</source>
            <translation>Chưa tự chuyển đổi được. Vui lòng chọn tỉnh/thành phố và phường/xã mới ở dưới.</translation>
        </message>
        <message>
            <source>Same as: %1</source>
            <translation>Giống: %1</translation>
        </message>
        <message>
            <source>Province / city</source>
            <translation>Tỉnh/thành phố</translation>
        </message>
        <message>
            <source>Ward / commune</source>
            <translation>Phường/xã</translation>
        </message>
        <message>
            <source>Touch to choose</source>
            <translation>Chạm để chọn</translation>
        </message>
        <message>
            <source>Choose the province first</source>
            <translation>Vui lòng chọn tỉnh/thành phố trước</translation>
        </message>
        <message>
            <source>House number, street</source>
            <translation>Số nhà, đường/phố, thôn/xóm</translation>
        </message>
    </context>
    <context>
        <name>AdminPanel</name>
        <message>
            <source>Sync queue</source>
            <translation>Hàng đợi gửi hồ sơ</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>In lại giấy biên nhận</translation>
        </message>
        <message>
            <source>Reader and printer</source>
            <translation>Đầu đọc thẻ và máy in</translation>
        </message>
        <message>
            <source>Portal and token</source>
            <translation>Cổng dịch vụ và mã thiết bị</translation>
        </message>
        <message>
            <source>Usage and satisfaction</source>
            <translation>Lượt sử dụng và mức độ hài lòng</translation>
        </message>
        <message>
            <source>Logs</source>
            <translation>Nhật ký hoạt động</translation>
        </message>
        <message>
            <source>Volunteers, cleaning, exit</source>
            <translation>Tình nguyện viên, lau màn hình, thoát</translation>
        </message>
        <message>
            <source>Kiosk administration</source>
            <translation>Quản trị máy</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>AssistStrip</name>
        <message>
            <source>Assisted by %1</source>
            <translation>Hỗ trợ bởi %1</translation>
        </message>
        <message>
            <source>Next citizen</source>
            <translation>Người tiếp theo</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Đăng xuất</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Đang có mạng</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Mất kết nối mạng</translation>
        </message>
        <message>
            <source>%1 dossier(s) waiting to be sent</source>
            <translation>%1 hồ sơ đang chờ gửi</translation>
        </message>
        <message>
            <source>oldest waiting %1 h</source>
            <translation>hồ sơ chờ lâu nhất %1 giờ</translation>
        </message>
        <message>
            <source>nothing waiting</source>
            <translation>không có hồ sơ chờ gửi</translation>
        </message>
    </context>
    <context>
        <name>AttachmentField</name>
        <message>
            <source>Document attached</source>
            <translation>Đã đính kèm giấy tờ</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Bỏ</translation>
        </message>
        <message>
            <source>Copying the file…</source>
            <translation>Đang sao chép tệp…</translation>
        </message>
        <message>
            <source>Take a photo</source>
            <translation>Chụp ảnh</translation>
        </message>
        <message>
            <source>Take a new photo</source>
            <translation>Chụp lại</translation>
        </message>
        <message>
            <source>Use a file from USB</source>
            <translation>Dùng tệp từ USB</translation>
        </message>
        <message>
            <source>Use the sample paper (demo)</source>
            <translation>Dùng giấy tờ mẫu (chế độ thử)</translation>
        </message>
        <message>
            <source>Attaches a sample picture marked SAMPLE, for trying the kiosk</source>
            <translation>Đính kèm ảnh giấy tờ mẫu có đóng dấu MẪU, để dùng thử ki-ốt</translation>
        </message>
    </context>
    <context>
        <name>AttractScreen</name>
        <message>
            <source>Public services, with help at every step</source>
            <translation>Dịch vụ công, có hướng dẫn từng bước</translation>
        </message>
        <message>
            <source>Register a birth, your residence, ask for a judicial record certificate and more. Your chip ID card fills in the forms for you.</source>
            <translation>Đăng ký khai sinh, đăng ký cư trú, xin cấp Phiếu lý lịch tư pháp và nhiều thủ tục khác. Thẻ căn cước gắn chip sẽ giúp bạn điền sẵn tờ khai.</translation>
        </message>
        <message>
            <source>Touch here to start</source>
            <translation>Chạm vào đây để bắt đầu</translation>
        </message>
    </context>
    <context>
        <name>CameraCapture</name>
        <message>
            <source>Photograph the document</source>
            <translation>Chụp ảnh giấy tờ</translation>
        </message>
        <message>
            <source>This kiosk has no working camera. You can use a file from a USB stick instead, or ask a member of staff for help.</source>
            <translation>Ki-ốt này hiện không có máy ảnh. Bạn có thể dùng tệp từ USB hoặc nhờ cán bộ hỗ trợ.</translation>
        </message>
        <message>
            <source>Choose a file from a USB stick</source>
            <translation>Chọn tệp từ USB</translation>
        </message>
        <message>
            <source>The photo could not be taken. Please try again.</source>
            <translation>Chưa chụp được ảnh. Vui lòng thử lại.</translation>
        </message>
        <message>
            <source>Lay the document flat under the camera, then touch "Take photo".</source>
            <translation>Vui lòng đặt giấy tờ phẳng dưới máy ảnh, rồi chạm "Chụp ảnh".</translation>
        </message>
        <message>
            <source>Take photo</source>
            <translation>Chụp ảnh</translation>
        </message>
        <message>
            <source>Take it again</source>
            <translation>Chụp lại</translation>
        </message>
        <message>
            <source>Use this photo</source>
            <translation>Dùng ảnh này</translation>
        </message>
    </context>
    <context>
        <name>CardRemovedDialog</name>
        <message>
            <source>Your ID card was taken off the reader</source>
            <translation>Thẻ căn cước đã được nhấc khỏi đầu đọc</translation>
        </message>
        <message>
            <source>You can finish your application with what was already read, or end the session now. Ending erases everything you entered.</source>
            <translation>Bạn có thể tiếp tục hoàn thành hồ sơ với thông tin đã đọc được, hoặc kết thúc phiên ngay. Khi kết thúc, mọi thông tin bạn đã nhập sẽ bị xóa.</translation>
        </message>
        <message>
            <source>End the session</source>
            <translation>Kết thúc phiên</translation>
        </message>
        <message>
            <source>Continue without the card</source>
            <translation>Tiếp tục không cần thẻ</translation>
        </message>
    </context>
    <context>
        <name>CardScreen</name>
        <message>
            <source>Is this you?</source>
            <translation>Đây có phải là bạn không?</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>Số định danh cá nhân</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Ngày sinh</translation>
        </message>
        <message>
            <source>Place of residence</source>
            <translation>Nơi cư trú</translation>
        </message>
        <message>
            <source>Card check</source>
            <translation>Kiểm tra thẻ</translation>
        </message>
        <message>
            <source>Genuine: the state's digital signature checks out</source>
            <translation>Thẻ thật: chữ ký số của Nhà nước hợp lệ</translation>
        </message>
        <message>
            <source>Warning: the chip's data does not match its signature. Please ask a staff member.</source>
            <translation>Cảnh báo: dữ liệu trong chip không khớp với chữ ký số. Vui lòng nhờ cán bộ hỗ trợ.</translation>
        </message>
        <message>
            <source>The chip's signature could not be verified on this kiosk.</source>
            <translation>Ki-ốt này chưa xác minh được chữ ký số của chip.</translation>
        </message>
        <message>
            <source>This is not me</source>
            <translation>Không phải tôi</translation>
        </message>
        <message>
            <source>Yes, continue</source>
            <translation>Đúng, tiếp tục</translation>
        </message>
    </context>
    <context>
        <name>CleaningOverlay</name>
        <message>
            <source>Screen cleaning</source>
            <translation>Đang lau màn hình</translation>
        </message>
        <message>
            <source>Touches are ignored. You can wipe the screen now; it comes back by itself.</source>
            <translation>Màn hình tạm thời không nhận thao tác chạm. Bạn có thể lau màn hình ngay bây giờ; máy sẽ tự trở lại sau khi hết giờ.</translation>
        </message>
    </context>
    <context>
        <name>ConsentField</name>
        <message>
            <source>I have read this and I agree</source>
            <translation>Tôi đã đọc và đồng ý</translation>
        </message>
    </context>
    <context>
        <name>ConsentScreen</name>
        <message>
            <source>May the kiosk read your ID card?</source>
            <translation>Bạn có đồng ý cho ki-ốt đọc thẻ căn cước không?</translation>
        </message>
        <message>
            <source>To fill in your application, the kiosk reads from the chip of your citizen ID card: your name, ID number, date and place of birth, gender, nationality, ethnicity, religion, place of origin, place of residence, parents' and spouse's names, the card's dates, and your photo.

• It is used only for this application and sent only to the agency that handles it.
• The chip is checked to be genuine (the state's digital signature).
• Nothing about you stays on this kiosk after you finish: only the application you confirm is kept until it has been delivered.
• You can decline and type your information yourself instead.

Legal basis: Decree 13/2023/ND-CP on personal data protection.</source>
            <translation>Để điền tờ khai, ki-ốt đọc từ chip trên thẻ căn cước của bạn: họ tên, số định danh, ngày và nơi sinh, giới tính, quốc tịch, dân tộc, tôn giáo, quê quán, nơi cư trú, họ tên cha, mẹ, vợ hoặc chồng, ngày cấp và ngày hết hạn của thẻ, và ảnh chân dung.

• Thông tin chỉ dùng cho hồ sơ này và chỉ gửi đến cơ quan giải quyết hồ sơ.
• Chip được kiểm tra là thẻ thật (chữ ký số của Nhà nước).
• Khi bạn hoàn tất, ki-ốt không giữ lại thông tin nào của bạn: chỉ hồ sơ bạn đã xác nhận được lưu cho đến khi gửi xong.
• Bạn có thể không đồng ý và tự nhập thông tin.

Căn cứ pháp lý: Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.</translation>
        </message>
        <message>
            <source>No, I will type it myself</source>
            <translation>Không, tôi sẽ tự nhập</translation>
        </message>
        <message>
            <source>I agree, read my card</source>
            <translation>Tôi đồng ý, đọc thẻ của tôi</translation>
        </message>
    </context>
    <context>
        <name>DateInput</name>
        <message>
            <source>Day</source>
            <translation>Ngày</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Tháng</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Năm</translation>
        </message>
        <message>
            <source>yyyy</source>
            <translation>năm</translation>
        </message>
        <message>
            <source>Choose the day</source>
            <translation>Chọn ngày</translation>
        </message>
        <message>
            <source>Choose the month</source>
            <translation>Chọn tháng</translation>
        </message>
    </context>
    <context>
        <name>DevicesPage</name>
        <message>
            <source>Check the card reader and the receipt printer. A test page prints a sample receipt with an invented name.</source>
            <translation>Kiểm tra đầu đọc thẻ và máy in biên nhận. Trang in thử là một giấy biên nhận mẫu với tên giả định.</translation>
        </message>
        <message>
            <source>Test the card reader</source>
            <translation>Kiểm tra đầu đọc thẻ</translation>
        </message>
        <message>
            <source>Check the printer</source>
            <translation>Kiểm tra máy in</translation>
        </message>
        <message>
            <source>Print a test page</source>
            <translation>In trang thử</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Đang xử lý…</translation>
        </message>
    </context>
    <context>
        <name>DocumentFilePicker</name>
        <message>
            <source>Choose a file from a USB stick</source>
            <translation>Chọn tệp từ USB</translation>
        </message>
        <message>
            <source>Looking for files…</source>
            <translation>Đang tìm tệp…</translation>
        </message>
        <message>
            <source>No photos or PDF files were found. Please plug in your USB stick, wait a moment and touch "Look again".</source>
            <translation>Không tìm thấy ảnh hoặc tệp PDF nào. Vui lòng cắm USB, chờ một chút rồi chạm "Tìm lại".</translation>
        </message>
        <message>
            <source>Look again</source>
            <translation>Tìm lại</translation>
        </message>
        <message>
            <source>Touch a file to see it here.</source>
            <translation>Chạm vào một tệp để xem trước tại đây.</translation>
        </message>
        <message>
            <source>PDF document: %1</source>
            <translation>Tài liệu PDF: %1</translation>
        </message>
        <message>
            <source>Use this file</source>
            <translation>Dùng tệp này</translation>
        </message>
    </context>
    <context>
        <name>FieldFrame</name>
        <message>
            <source>(optional)</source>
            <translation>(không bắt buộc)</translation>
        </message>
    </context>
    <context>
        <name>FormViewModel</name>
        <message>
            <source>The file is too large (at most 10 MB). Please choose another file or take a photo.</source>
            <translation>Tệp quá lớn (tối đa 10 MB). Vui lòng chọn tệp khác hoặc chụp ảnh giấy tờ.</translation>
        </message>
        <message>
            <source>The file could not be read. Please try again or choose another file.</source>
            <translation>Không đọc được tệp. Vui lòng thử lại hoặc chọn tệp khác.</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome! Which service do you need today?</source>
            <translation>Xin chào! Hôm nay bạn cần làm thủ tục gì?</translation>
        </message>
        <message>
            <source>This kiosk cannot take new dossiers right now. Dossiers already saved are safe. Please ask the staff for help.</source>
            <translation>Máy tạm thời chưa nhận được hồ sơ mới. Các hồ sơ đã lưu vẫn được giữ an toàn. Vui lòng nhờ cán bộ hỗ trợ.</translation>
        </message>
        <message>
            <source>Touch a service to begin. Have your chip ID card ready.</source>
            <translation>Chạm vào một thủ tục để bắt đầu. Vui lòng chuẩn bị thẻ căn cước gắn chip.</translation>
        </message>
        <message>
            <source>Search for a service, e.g. "khai sinh"</source>
            <translation>Tìm thủ tục, ví dụ "khai sinh"</translation>
        </message>
        <message>
            <source>Search for a service</source>
            <translation>Tìm thủ tục</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Xoá</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>Tất cả thủ tục</translation>
        </message>
        <message>
            <source>No services are available on this kiosk at the moment. Please ask a member of staff.</source>
            <translation>Hiện ki-ốt chưa có thủ tục nào. Vui lòng nhờ cán bộ hỗ trợ.</translation>
        </message>
        <message>
            <source>No service matches your search. Please try other words or touch "All services".</source>
            <translation>Không tìm thấy thủ tục phù hợp. Vui lòng thử từ khác hoặc chạm "Tất cả thủ tục".</translation>
        </message>
    </context>
    <context>
        <name>Id12Field</name>
        <message>
            <source>%1 of 12 digits</source>
            <translation>Đã nhập %1/12 chữ số</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>Vui lòng đặt thẻ căn cước lên đầu đọc</translation>
        </message>
        <message>
            <source>ID number (12 digits)</source>
            <translation>Số định danh (12 chữ số)</translation>
        </message>
        <message>
            <source>Then scan the QR code on the front of the card under the scanner, or type your 12-digit ID number below. It unlocks the chip.</source>
            <translation>Sau đó quét mã QR ở mặt trước thẻ dưới máy quét, hoặc nhập số định danh 12 chữ số ở dưới. Số này dùng để mở chip.</translation>
        </message>
        <message>
            <source>Date of birth (dd/mm/yyyy), only for older cards</source>
            <translation>Ngày sinh (ngày/tháng/năm), chỉ cần với thẻ đời cũ</translation>
        </message>
        <message>
            <source>I have no card with me</source>
            <translation>Tôi không mang thẻ</translation>
        </message>
        <message>
            <source>Use the sample card (demo)</source>
            <translation>Dùng thẻ mẫu (chế độ thử)</translation>
        </message>
        <message>
            <source>Read my card</source>
            <translation>Đọc thẻ</translation>
        </message>
    </context>
    <context>
        <name>KioskHeader</name>
        <message>
            <source>DEMO: simulated card and portal</source>
            <translation>CHẾ ĐỘ THỬ: thẻ và cổng dịch vụ mô phỏng</translation>
        </message>
        <message>
            <source>Start over</source>
            <translation>Làm lại từ đầu</translation>
        </message>
        <message>
            <source>Telex typing: on</source>
            <translation>Gõ Telex: Bật</translation>
        </message>
        <message>
            <source>Telex typing: off</source>
            <translation>Gõ Telex: Tắt</translation>
        </message>
        <message>
            <source>Telex typing</source>
            <translation>Gõ tiếng Việt kiểu Telex</translation>
        </message>
        <message>
            <source>Stop reading</source>
            <translation>Dừng đọc</translation>
        </message>
        <message>
            <source>Read aloud</source>
            <translation>Đọc to</translation>
        </message>
        <message>
            <source>Larger text</source>
            <translation>Chữ to</translation>
        </message>
        <message>
            <source>High contrast</source>
            <translation>Tương phản cao</translation>
        </message>
    </context>
    <context>
        <name>LogsPage</name>
        <message>
            <source>Latest log entries, newest first (personal data removed)</source>
            <translation>Nhật ký gần nhất, mới nhất ở trên (đã lược bỏ dữ liệu cá nhân)</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <source>No log entries yet.</source>
            <translation>Chưa có dòng nhật ký nào.</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Citizen service kiosk</source>
            <translation>Ki-ốt dịch vụ công</translation>
        </message>
    </context>
    <context>
        <name>ModalSheet</name>
        <message>
            <source>Close</source>
            <translation>Đóng</translation>
        </message>
    </context>
    <context>
        <name>MorePage</name>
        <message>
            <source>Hidden gestures: press and hold the kiosk's name at the top left for 2 seconds to sign in as a volunteer; tap the top-left corner 5 times within 3 seconds, then enter the PIN, to open this panel.</source>
            <translation>Thao tác ẩn: nhấn giữ tên ki-ốt ở góc trên bên trái trong 2 giây để tình nguyện viên đăng nhập; chạm 5 lần vào góc trên bên trái trong vòng 3 giây rồi nhập mã PIN để mở bảng quản trị này.</translation>
        </message>
        <message>
            <source>Assisted mode: %1 is signed in.</source>
            <translation>Chế độ hỗ trợ: %1 đang đăng nhập.</translation>
        </message>
        <message>
            <source>Assisted mode: a volunteer signs in with their code and PIN, then helps one citizen after another.</source>
            <translation>Chế độ hỗ trợ: tình nguyện viên đăng nhập bằng mã và mã PIN của mình, sau đó lần lượt hỗ trợ từng người dân.</translation>
        </message>
        <message>
            <source>Volunteer sign-in</source>
            <translation>Tình nguyện viên đăng nhập</translation>
        </message>
        <message>
            <source>Screen cleaning: the screen ignores every touch for 30 seconds so it can be wiped.</source>
            <translation>Lau màn hình: màn hình sẽ không nhận thao tác chạm trong 30 giây để có thể lau sạch.</translation>
        </message>
        <message>
            <source>Clean the screen</source>
            <translation>Lau màn hình</translation>
        </message>
        <message>
            <source>Exit to the desktop: the kiosk application closes until it is started again.</source>
            <translation>Thoát ra màn hình máy tính: ứng dụng ki-ốt sẽ đóng lại cho đến khi được mở lại.</translation>
        </message>
        <message>
            <source>Exit to desktop</source>
            <translation>Thoát ra màn hình máy tính</translation>
        </message>
        <message>
            <source>Close the kiosk application now?</source>
            <translation>Đóng ứng dụng ki-ốt ngay bây giờ?</translation>
        </message>
        <message>
            <source>Yes, exit</source>
            <translation>Có, thoát</translation>
        </message>
        <message>
            <source>No, stay</source>
            <translation>Không, ở lại</translation>
        </message>
    </context>
    <context>
        <name>MultiChoiceField</name>
        <message>
            <source>You may choose more than one.</source>
            <translation>Có thể chọn nhiều mục.</translation>
        </message>
    </context>
    <context>
        <name>OptionPicker</name>
        <message>
            <source>Type a few letters to search</source>
            <translation>Gõ vài chữ để tìm</translation>
        </message>
        <message>
            <source>Search the list</source>
            <translation>Tìm trong danh sách</translation>
        </message>
        <message>
            <source>Nothing found. Please check the spelling.</source>
            <translation>Không tìm thấy. Vui lòng kiểm tra lại chính tả.</translation>
        </message>
    </context>
    <context>
        <name>OtherCardSheet</name>
        <message>
            <source>Read this person's ID card</source>
            <translation>Đọc thẻ căn cước của người này</translation>
        </message>
        <message>
            <source>The card holder must be here and agree. What their chip holds (name, ID number, date of birth, ethnicity, nationality, residence) is used only for this application and forgotten when you finish.</source>
            <translation>Người có thẻ cần có mặt và đồng ý. Thông tin trên chip (họ tên, số định danh, ngày sinh, dân tộc, quốc tịch, nơi cư trú) chỉ dùng cho hồ sơ này và được xoá khi bạn kết thúc.</translation>
        </message>
        <message>
            <source>The card holder agrees</source>
            <translation>Người có thẻ đồng ý</translation>
        </message>
        <message>
            <source>Put their card on the reader and type the 12-digit ID number printed on it, or show the QR code on its front to the scanner.</source>
            <translation>Đặt thẻ của người đó lên đầu đọc và nhập số định danh 12 số in trên thẻ, hoặc đưa mã QR ở mặt trước thẻ vào máy quét.</translation>
        </message>
        <message>
            <source>ID number of the card holder</source>
            <translation>Số định danh của người có thẻ</translation>
        </message>
        <message>
            <source>Reading the card… Please keep it on the reader.</source>
            <translation>Đang đọc thẻ… Vui lòng giữ thẻ trên đầu đọc.</translation>
        </message>
        <message>
            <source>Demo: put one of the sample cards on the reader</source>
            <translation>Chế độ thử: đặt một thẻ mẫu lên đầu đọc</translation>
        </message>
        <message>
            <source>Sample card: %1</source>
            <translation>Thẻ mẫu: %1</translation>
        </message>
        <message>
            <source>Read the card</source>
            <translation>Đọc thẻ</translation>
        </message>
    </context>
    <context>
        <name>PersonField</name>
        <message>
            <source>Read this person's ID card</source>
            <translation>Đọc thẻ căn cước của người này</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Họ và tên</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>Số định danh cá nhân</translation>
        </message>
        <message>
            <source>if they have one</source>
            <translation>nếu có</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Ngày sinh</translation>
        </message>
    </context>
    <context>
        <name>PickerButton</name>
        <message>
            <source>Touch to choose</source>
            <translation>Chạm để chọn</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Sửa</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <source>Administrator PIN</source>
            <translation>Mã PIN quản trị</translation>
        </message>
        <message>
            <source>Enter the PIN</source>
            <translation>Nhập mã PIN</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Đang kiểm tra…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xóa</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Huỷ</translation>
        </message>
    </context>
    <context>
        <name>PortalPage</name>
        <message>
            <source>Service catalogue in use</source>
            <translation>Danh mục thủ tục đang dùng</translation>
        </message>
        <message>
            <source>Shipped with the kiosk (catalogue %1)</source>
            <translation>Kèm theo ki-ốt (danh mục %1)</translation>
        </message>
        <message>
            <source>Bundle %1, signed %2</source>
            <translation>Gói %1, ký lúc %2</translation>
        </message>
        <message>
            <source>Oldest fact checked on</source>
            <translation>Thông tin kiểm tra lâu nhất vào</translation>
        </message>
        <message>
            <source>%1 (%2 day(s) ago)</source>
            <translation>%1 (%2 ngày trước)</translation>
        </message>
        <message>
            <source>No fact cites a source yet</source>
            <translation>Chưa có thông tin nào dẫn nguồn</translation>
        </message>
        <message>
            <source>Device token</source>
            <translation>Mã xác thực thiết bị</translation>
        </message>
        <message>
            <source>Check for a catalogue update</source>
            <translation>Kiểm tra bản cập nhật danh mục</translation>
        </message>
        <message>
            <source>New device token (from the portal's operator):</source>
            <translation>Mã xác thực thiết bị mới (do đơn vị vận hành cổng cung cấp):</translation>
        </message>
        <message>
            <source>Paste or type the token</source>
            <translation>Dán hoặc nhập mã</translation>
        </message>
        <message>
            <source>Save token</source>
            <translation>Lưu mã</translation>
        </message>
    </context>
    <context>
        <name>PrefilledBadge</name>
        <message>
            <source>From your ID card</source>
            <translation>Từ thẻ căn cước</translation>
        </message>
    </context>
    <context>
        <name>QueuePage</name>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <source>The queue is empty: every dossier has been delivered.</source>
            <translation>Hàng đợi trống: mọi hồ sơ đã được gửi đi.</translation>
        </message>
        <message>
            <source>%1 · %2 attempt(s) · waiting %3</source>
            <translation>%1 · đã thử %2 lần · chờ %3</translation>
        </message>
        <message>
            <source>Reason: %1</source>
            <translation>Lý do: %1</translation>
        </message>
        <message>
            <source>Send again</source>
            <translation>Gửi lại</translation>
        </message>
        <message>
            <source>Send now</source>
            <translation>Gửi ngay</translation>
        </message>
    </context>
    <context>
        <name>RatingScreen</name>
        <message>
            <source>How satisfied are you with this service?</source>
            <translation>Bạn có hài lòng với dịch vụ này không?</translation>
        </message>
        <message>
            <source>Very unhappy</source>
            <translation>Rất không hài lòng</translation>
        </message>
        <message>
            <source>Unhappy</source>
            <translation>Không hài lòng</translation>
        </message>
        <message>
            <source>Neutral</source>
            <translation>Bình thường</translation>
        </message>
        <message>
            <source>Happy</source>
            <translation>Hài lòng</translation>
        </message>
        <message>
            <source>Very happy</source>
            <translation>Rất hài lòng</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Bỏ qua</translation>
        </message>
    </context>
    <context>
        <name>ReadingScreen</name>
        <message>
            <source>Reading your card…</source>
            <translation>Đang đọc thẻ…</translation>
        </message>
        <message>
            <source>Please keep the card still on the reader until this is done. It takes a few seconds.</source>
            <translation>Vui lòng giữ yên thẻ trên đầu đọc cho đến khi xong. Việc này mất vài giây.</translation>
        </message>
    </context>
    <context>
        <name>ReceiptScreen</name>
        <message>
            <source>Your application has been received</source>
            <translation>Hồ sơ của bạn đã được tiếp nhận</translation>
        </message>
        <message>
            <source>Your dossier code:</source>
            <translation>Mã hồ sơ của bạn:</translation>
        </message>
        <message>
            <source>Result on</source>
            <translation>Hẹn trả kết quả</translation>
        </message>
        <message>
            <source>How you receive it</source>
            <translation>Nhận kết quả</translation>
        </message>
        <message>
            <source>Postage</source>
            <translation>Cước bưu chính</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Lệ phí</translation>
        </message>
        <message>
            <source>Bring</source>
            <translation>Mang theo</translation>
        </message>
        <message>
            <source>Pay the fee: scan this VietQR code with your banking app.</source>
            <translation>Nộp phí: quét mã VietQR này bằng ứng dụng ngân hàng của bạn.</translation>
        </message>
        <message>
            <source>VietQR code to pay the fee</source>
            <translation>Mã VietQR để nộp phí</translation>
        </message>
        <message>
            <source>Photograph the QR code to keep your receipt. It is also kept as a PDF for reprint.</source>
            <translation>Vui lòng chụp ảnh mã QR để lưu giấy tiếp nhận. Giấy cũng được lưu dạng PDF để in lại.</translation>
        </message>
        <message>
            <source>Printing your receipt…</source>
            <translation>Đang in giấy tiếp nhận…</translation>
        </message>
        <message>
            <source>Your receipt has been printed. Please take it from the printer.</source>
            <translation>Giấy tiếp nhận đã được in. Vui lòng lấy giấy ở máy in.</translation>
        </message>
        <message>
            <source>Try printing again</source>
            <translation>Thử in lại</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>In thêm bản</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Xong</translation>
        </message>
    </context>
    <context>
        <name>ReceiptsPage</name>
        <message>
            <source>Receipts kept on this kiosk</source>
            <translation>Giấy biên nhận đang lưu trên máy</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Đang xử lý…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <source>No receipts are kept yet.</source>
            <translation>Chưa có giấy biên nhận nào được lưu.</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>In thêm bản</translation>
        </message>
    </context>
    <context>
        <name>RepeatItemHeader</name>
        <message>
            <source>Remove</source>
            <translation>Bỏ</translation>
        </message>
    </context>
    <context>
        <name>ReviewScreen</name>
        <message>
            <source>Free of charge</source>
            <translation>Miễn phí</translation>
        </message>
        <message>
            <source>%1 VND</source>
            <translation>%1 đồng</translation>
        </message>
        <message>
            <source>Please check your application</source>
            <translation>Vui lòng kiểm tra lại hồ sơ</translation>
        </message>
        <message>
            <source>If something is wrong, touch "Change" next to it.</source>
            <translation>Nếu có gì chưa đúng, vui lòng chạm nút "Sửa" bên cạnh.</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Sửa</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>Giấy tờ</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Lệ phí</translation>
        </message>
        <message>
            <source>Fee %1 VND. %2</source>
            <translation>Lệ phí %1 đồng. %2</translation>
        </message>
        <message>
            <source>To be confirmed at the one-stop counter</source>
            <translation>Cần xác nhận tại bộ phận một cửa</translation>
        </message>
        <message>
            <source>Processing time</source>
            <translation>Thời hạn giải quyết</translation>
        </message>
        <message>
            <source>Result expected</source>
            <translation>Ngày hẹn trả kết quả</translation>
        </message>
        <message>
            <source>estimate</source>
            <translation>dự kiến</translation>
        </message>
        <message>
            <source>Where to get the result</source>
            <translation>Nơi nhận kết quả</translation>
        </message>
        <message>
            <source>To: %1</source>
            <translation>Gửi đến: %1</translation>
        </message>
        <message>
            <source>Some answers are still missing or need checking. Please touch "Change" for the step concerned.</source>
            <translation>Còn mục chưa điền hoặc cần kiểm tra lại. Vui lòng chạm "Sửa" ở phần tương ứng.</translation>
        </message>
        <message>
            <source>Touching the button below signs this declaration:</source>
            <translation>Chạm nút bên dưới là bạn ký lời cam đoan sau:</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <source>I so declare: confirm and submit</source>
            <translation>Tôi cam đoan, xác nhận và nộp hồ sơ</translation>
        </message>
        <message>
            <source>Confirm and submit the application</source>
            <translation>Xác nhận và nộp hồ sơ</translation>
        </message>
    </context>
    <context>
        <name>SavingScreen</name>
        <message>
            <source>Saving your application…</source>
            <translation>Đang lưu hồ sơ…</translation>
        </message>
    </context>
    <context>
        <name>ServiceOverviewScreen</name>
        <message>
            <source>Free of charge</source>
            <translation>Miễn phí</translation>
        </message>
        <message>
            <source>%1 VND</source>
            <translation>%1 đồng</translation>
        </message>
        <message>
            <source>Depends on your answers</source>
            <translation>Tuỳ theo nội dung khai</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Lệ phí</translation>
        </message>
        <message>
            <source>The amount is shown before you confirm.</source>
            <translation>Số tiền được hiển thị trước khi bạn xác nhận.</translation>
        </message>
        <message>
            <source>Fee %1 VND. %2</source>
            <translation>Lệ phí %1 đồng. %2</translation>
        </message>
        <message>
            <source>To be confirmed at the one-stop counter</source>
            <translation>Cần xác nhận tại bộ phận một cửa</translation>
        </message>
        <message>
            <source>Processing time</source>
            <translation>Thời hạn giải quyết</translation>
        </message>
        <message>
            <source>Online service</source>
            <translation>Dịch vụ công trực tuyến</translation>
        </message>
        <message>
            <source>Everything is done online; you do not need to go to the office.</source>
            <translation>Làm toàn bộ trực tuyến; bạn không cần đến cơ quan.</translation>
        </message>
        <message>
            <source>You may need to go to the office to show originals or collect the result.</source>
            <translation>Bạn có thể cần đến cơ quan để xuất trình bản chính hoặc nhận kết quả.</translation>
        </message>
        <message>
            <source>Documents you need</source>
            <translation>Giấy tờ cần có</translation>
        </message>
        <message>
            <source>Only your chip ID card.</source>
            <translation>Chỉ cần thẻ căn cước gắn chip.</translation>
        </message>
        <message>
            <source>photographed here at the kiosk</source>
            <translation>chụp ảnh tại ki-ốt</translation>
        </message>
        <message>
            <source>only in some cases</source>
            <translation>chỉ trong một số trường hợp</translation>
        </message>
        <message>
            <source>if you have it</source>
            <translation>nếu có</translation>
        </message>
        <message>
            <source>Handled by: %1</source>
            <translation>Cơ quan giải quyết: %1</translation>
        </message>
        <message>
            <source>What is marked “to be confirmed” no official text confirms yet: ask at the one-stop counter.</source>
            <translation>Nội dung ghi “cần xác nhận” chưa có văn bản chính thức xác nhận: hãy hỏi tại bộ phận một cửa.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <source>Start the application</source>
            <translation>Bắt đầu làm hồ sơ</translation>
        </message>
    </context>
    <context>
        <name>SignatureField</name>
        <message>
            <source>Sign here with your finger</source>
            <translation>Vui lòng ký vào đây bằng ngón tay</translation>
        </message>
        <message>
            <source>Clear and sign again</source>
            <translation>Xoá và ký lại</translation>
        </message>
    </context>
    <context>
        <name>StatsPage</name>
        <message>
            <source>Last %1 days, per service</source>
            <translation>%1 ngày gần nhất, theo từng thủ tục</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Đang tải…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>Bắt đầu làm</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>Đã nộp</translation>
        </message>
        <message>
            <source>Satisfied (4–5 of 5)</source>
            <translation>Hài lòng (4–5 trên 5)</translation>
        </message>
        <message>
            <source>No applications or ratings yet in this period.</source>
            <translation>Chưa có hồ sơ hoặc lượt đánh giá nào trong thời gian này.</translation>
        </message>
        <message>
            <source>no ratings</source>
            <translation>chưa có đánh giá</translation>
        </message>
        <message>
            <source>%1% of %2 rating(s), average %3</source>
            <translation>%1% trong %2 lượt đánh giá, điểm trung bình %3</translation>
        </message>
    </context>
    <context>
        <name>StepProgress</name>
        <message>
            <source>Step %1 of %2</source>
            <translation>Bước %1/%2</translation>
        </message>
    </context>
    <context>
        <name>TextInputField</name>
        <message>
            <source>Choose from the list, or type above</source>
            <translation>Chọn trong danh sách, hoặc gõ vào ô trên</translation>
        </message>
    </context>
    <context>
        <name>TimeoutDialog</name>
        <message>
            <source>Are you still there?</source>
            <translation>Bạn vẫn đang sử dụng chứ?</translation>
        </message>
        <message>
            <source>For your privacy, this session will end in %1 seconds and your information will be erased.</source>
            <translation>Để bảo vệ thông tin của bạn, phiên làm việc sẽ kết thúc sau %1 giây và thông tin của bạn sẽ bị xóa.</translation>
        </message>
        <message>
            <source>End now</source>
            <translation>Kết thúc ngay</translation>
        </message>
        <message>
            <source>I need more time</source>
            <translation>Tôi cần thêm thời gian</translation>
        </message>
    </context>
    <context>
        <name>VolunteerSignIn</name>
        <message>
            <source>Volunteer sign-in</source>
            <translation>Tình nguyện viên đăng nhập</translation>
        </message>
        <message>
            <source>While you are signed in, each application records that you assisted.</source>
            <translation>Trong khi bạn đăng nhập, mỗi hồ sơ sẽ ghi nhận bạn là người hỗ trợ.</translation>
        </message>
        <message>
            <source>Volunteer code</source>
            <translation>Mã tình nguyện viên</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>Mã PIN</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Đang kiểm tra…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Huỷ</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Đăng nhập</translation>
        </message>
    </context>
    <context>
        <name>WizardScreen</name>
        <message>
            <source>Nothing added yet. If you need to, touch the button below.</source>
            <translation>Chưa có mục nào. Nếu cần, vui lòng chạm nút bên dưới để thêm.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Huỷ</translation>
        </message>
        <message>
            <source>Check my answers</source>
            <translation>Xem lại hồ sơ</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Tiếp tục</translation>
        </message>
    </context>
    <context>
        <name>YesNoField</name>
        <message>
            <source>Yes</source>
            <translation>Có</translation>
        </message>
        <message>
            <source>No</source>
            <translation>Không</translation>
        </message>
    </context>
</TS>
