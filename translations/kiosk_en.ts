<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome! Which service do you need today?</source>
            <translation>Welcome! Which service do you need today?</translation>
        </message>
        <message>
            <source>Touch a service to begin. Have your chip ID card ready.</source>
            <translation>Touch a service to begin. Have your chip ID card ready.</translation>
        </message>
    </context>
    <context>
        <name>KioskHeader</name>
        <message>
            <source>DEMO: simulated card and portal</source>
            <translation>DEMO: simulated card and portal</translation>
        </message>
        <message>
            <source>Larger text</source>
            <translation>Larger text</translation>
        </message>
        <message>
            <source>High contrast</source>
            <translation>High contrast</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Citizen service kiosk</source>
            <translation>Citizen service kiosk</translation>
        </message>
    </context>
</TS>
