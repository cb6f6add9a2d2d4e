<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
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
        <name>KioskHeader</name>
        <message>
            <source>DEMO: simulated card and portal</source>
            <translation>CHẾ ĐỘ THỬ: thẻ và cổng dịch vụ mô phỏng</translation>
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
</TS>
