<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
    <context>
        <name>AttractScreen</name>
        <message>
            <source>Public services, with help at every step</source>
            <translation>Public services, with help at every step</translation>
        </message>
        <message>
            <source>Register a birth, your residence, ask for a judicial record certificate and more. Your chip ID card fills in the forms for you.</source>
            <translation>Register a birth, your residence, ask for a judicial record certificate and more. Your chip ID card fills in the forms for you.</translation>
        </message>
        <message>
            <source>Touch here to start</source>
            <translation>Touch here to start</translation>
        </message>
    </context>
    <context>
        <name>CardScreen</name>
        <message>
            <source>Is this you?</source>
            <translation>Is this you?</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Place of residence</source>
            <translation>Place of residence</translation>
        </message>
        <message>
            <source>Card check</source>
            <translation>Card check</translation>
        </message>
        <message>
            <source>Genuine: the state's digital signature checks out</source>
            <translation>Genuine: the state's digital signature checks out</translation>
        </message>
        <message>
            <source>Warning: the chip's data does not match its signature. Please ask a staff member.</source>
            <translation>Warning: the chip's data does not match its signature. Please ask a staff member.</translation>
        </message>
        <message>
            <source>The chip's signature could not be verified on this kiosk.</source>
            <translation>The chip's signature could not be verified on this kiosk.</translation>
        </message>
        <message>
            <source>This is not me</source>
            <translation>This is not me</translation>
        </message>
        <message>
            <source>Yes, continue</source>
            <translation>Yes, continue</translation>
        </message>
    </context>
    <context>
        <name>ConsentScreen</name>
        <message>
            <source>May the kiosk read your ID card?</source>
            <translation>May the kiosk read your ID card?</translation>
        </message>
        <message>
            <source>To fill in your application, the kiosk reads from the chip of your citizen ID card: your name, ID number, date and place of birth, gender, nationality, ethnicity, religion, place of origin, place of residence, parents' and spouse's names, the card's dates, and your photo.

• It is used only for this application and sent only to the agency that handles it.
• The chip is checked to be genuine (the state's digital signature).
• Nothing about you stays on this kiosk after you finish: only the application you confirm is kept until it has been delivered.
• You can decline and type your information yourself instead.

Legal basis: Decree 13/2023/ND-CP on personal data protection.</source>
            <translation>To fill in your application, the kiosk reads from the chip of your citizen ID card: your name, ID number, date and place of birth, gender, nationality, ethnicity, religion, place of origin, place of residence, parents' and spouse's names, the card's dates, and your photo.

• It is used only for this application and sent only to the agency that handles it.
• The chip is checked to be genuine (the state's digital signature).
• Nothing about you stays on this kiosk after you finish: only the application you confirm is kept until it has been delivered.
• You can decline and type your information yourself instead.

Legal basis: Decree 13/2023/ND-CP on personal data protection.</translation>
        </message>
        <message>
            <source>No, I will type it myself</source>
            <translation>No, I will type it myself</translation>
        </message>
        <message>
            <source>I agree, read my card</source>
            <translation>I agree, read my card</translation>
        </message>
    </context>
    <context>
        <name>FieldFrame</name>
        <message>
            <source>(optional)</source>
            <translation>(optional)</translation>
        </message>
    </context>
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
        <name>IdentifyScreen</name>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>Place your ID card on the reader</translation>
        </message>
        <message>
            <source>Then scan the QR code on the front of the card under the scanner, or type your ID number and date of birth below. They unlock the chip.</source>
            <translation>Then scan the QR code on the front of the card under the scanner, or type your ID number and date of birth below. They unlock the chip.</translation>
        </message>
        <message>
            <source>ID number (12 digits)</source>
            <translation>ID number (12 digits)</translation>
        </message>
        <message>
            <source>Date of birth (dd/mm/yyyy)</source>
            <translation>Date of birth (dd/mm/yyyy)</translation>
        </message>
        <message>
            <source>I have no card with me</source>
            <translation>I have no card with me</translation>
        </message>
        <message>
            <source>Use the sample card (demo)</source>
            <translation>Use the sample card (demo)</translation>
        </message>
        <message>
            <source>Read my card</source>
            <translation>Read my card</translation>
        </message>
    </context>
    <context>
        <name>KioskHeader</name>
        <message>
            <source>DEMO: simulated card and portal</source>
            <translation>DEMO: simulated card and portal</translation>
        </message>
        <message>
            <source>Start over</source>
            <translation>Start over</translation>
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
    <context>
        <name>PrefilledBadge</name>
        <message>
            <source>From your ID card</source>
            <translation>From your ID card</translation>
        </message>
    </context>
    <context>
        <name>RatingScreen</name>
        <message>
            <source>How satisfied are you with this service?</source>
            <translation>How satisfied are you with this service?</translation>
        </message>
        <message>
            <source>Very unhappy</source>
            <translation>Very unhappy</translation>
        </message>
        <message>
            <source>Unhappy</source>
            <translation>Unhappy</translation>
        </message>
        <message>
            <source>Neutral</source>
            <translation>Neutral</translation>
        </message>
        <message>
            <source>Happy</source>
            <translation>Happy</translation>
        </message>
        <message>
            <source>Very happy</source>
            <translation>Very happy</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Skip</translation>
        </message>
    </context>
    <context>
        <name>ReadingScreen</name>
        <message>
            <source>Reading your card…</source>
            <translation>Reading your card…</translation>
        </message>
        <message>
            <source>Please keep the card still on the reader until this is done. It takes a few seconds.</source>
            <translation>Please keep the card still on the reader until this is done. It takes a few seconds.</translation>
        </message>
    </context>
    <context>
        <name>ReceiptScreen</name>
        <message>
            <source>Your application has been received</source>
            <translation>Your application has been received</translation>
        </message>
        <message>
            <source>Your dossier code:</source>
            <translation>Your dossier code:</translation>
        </message>
        <message>
            <source>Photograph the QR code to keep your receipt. It is also kept as a PDF for reprint.</source>
            <translation>Photograph the QR code to keep your receipt. It is also kept as a PDF for reprint.</translation>
        </message>
        <message>
            <source>Printing your receipt…</source>
            <translation>Printing your receipt…</translation>
        </message>
        <message>
            <source>Your receipt has been printed. Please take it from the printer.</source>
            <translation>Your receipt has been printed. Please take it from the printer.</translation>
        </message>
        <message>
            <source>The printer is not working. Photograph the QR code on the left with your phone to keep your receipt; staff can reprint it later.</source>
            <translation>The printer is not working. Photograph the QR code on the left with your phone to keep your receipt; staff can reprint it later.</translation>
        </message>
        <message>
            <source>Try printing again</source>
            <translation>Try printing again</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>Print again</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
    </context>
    <context>
        <name>SavingScreen</name>
        <message>
            <source>Saving your application…</source>
            <translation>Saving your application…</translation>
        </message>
    </context>
    <context>
        <name>TimeoutDialog</name>
        <message>
            <source>Are you still there?</source>
            <translation>Are you still there?</translation>
        </message>
        <message>
            <source>For your privacy, this session will end in %1 seconds and your information will be erased.</source>
            <translation>For your privacy, this session will end in %1 seconds and your information will be erased.</translation>
        </message>
        <message>
            <source>End now</source>
            <translation>End now</translation>
        </message>
        <message>
            <source>I need more time</source>
            <translation>I need more time</translation>
        </message>
    </context>
</TS>
