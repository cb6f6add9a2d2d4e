<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
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
        <name>FieldFrame</name>
        <message>
            <source>(optional)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome! Which service do you need today?</source>
            <translation>Xin chào! Hôm nay bạn cần làm thủ tục gì?</translation>
        </message>
        <message>
            <source>Touch a service to begin. Have your chip ID card ready.</source>
            <translation>Chạm vào một thủ tục để bắt đầu. Vui lòng chuẩn bị thẻ căn cước gắn chip.</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>Vui lòng đặt thẻ căn cước lên đầu đọc</translation>
        </message>
        <message>
            <source>Then scan the QR code on the front of the card under the scanner, or type your ID number and date of birth below. They unlock the chip.</source>
            <translation>Sau đó quét mã QR ở mặt trước thẻ dưới máy quét, hoặc nhập số định danh và ngày sinh ở dưới. Hai thông tin này dùng để mở chip.</translation>
        </message>
        <message>
            <source>ID number (12 digits)</source>
            <translation>Số định danh (12 chữ số)</translation>
        </message>
        <message>
            <source>Date of birth (dd/mm/yyyy)</source>
            <translation>Ngày sinh (ngày/tháng/năm)</translation>
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
            <source>Larger text</source>
            <translation>Chữ to</translation>
        </message>
        <message>
            <source>High contrast</source>
            <translation>Tương phản cao</translation>
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
        <name>PrefilledBadge</name>
        <message>
            <source>From your ID card</source>
            <translation type="unfinished" />
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
            <source>The printer is not working. Photograph the QR code on the left with your phone to keep your receipt; staff can reprint it later.</source>
            <translation>Máy in đang không hoạt động. Vui lòng dùng điện thoại chụp mã QR bên trái để lưu giấy tiếp nhận; cán bộ có thể in lại cho bạn sau.</translation>
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
        <name>SavingScreen</name>
        <message>
            <source>Saving your application…</source>
            <translation>Đang lưu hồ sơ…</translation>
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
</TS>
