<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
    <context>
        <name>AddressField</name>
        <message>
            <source>On your ID card (before the July 2025 reform):</source>
            <translation>On your ID card (before the July 2025 reform):</translation>
        </message>
        <message>
            <source>With the new administrative units it is the address below. Please check it.</source>
            <translation>With the new administrative units it is the address below. Please check it.</translation>
        </message>
        <message>
            <source>Your old ward now belongs to one of these. Please touch the right one:</source>
            <translation>Your old ward now belongs to one of these. Please touch the right one:</translation>
        </message>
        <message>
            <source>We could not convert it automatically. Please choose your province and ward below.</source>
            <translation>We could not convert it automatically. Please choose your province and ward below.</translation>
        </message>
        <message>
            <source>Same as: %1</source>
            <translation>Same as: %1</translation>
        </message>
        <message>
            <source>Province / city</source>
            <translation>Province / city</translation>
        </message>
        <message>
            <source>Ward / commune</source>
            <translation>Ward / commune</translation>
        </message>
        <message>
            <source>Touch to choose</source>
            <translation>Touch to choose</translation>
        </message>
        <message>
            <source>Choose the province first</source>
            <translation>Choose the province first</translation>
        </message>
        <message>
            <source>House number, street</source>
            <translation>House number, street</translation>
        </message>
    </context>
    <context>
        <name>AdminPanel</name>
        <message>
            <source>Sync queue</source>
            <translation>Sync queue</translation>
        </message>
        <message>
            <source>Reprint a receipt</source>
            <translation>Reprint a receipt</translation>
        </message>
        <message>
            <source>Reader and printer</source>
            <translation>Reader and printer</translation>
        </message>
        <message>
            <source>Portal and token</source>
            <translation>Portal and token</translation>
        </message>
        <message>
            <source>Usage and satisfaction</source>
            <translation>Usage and satisfaction</translation>
        </message>
        <message>
            <source>Logs</source>
            <translation>Logs</translation>
        </message>
        <message>
            <source>Volunteers, cleaning, exit</source>
            <translation>Volunteers, cleaning, exit</translation>
        </message>
        <message>
            <source>Kiosk administration</source>
            <translation>Kiosk administration</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>AssistStrip</name>
        <message>
            <source>Assisted by %1</source>
            <translation>Assisted by %1</translation>
        </message>
        <message>
            <source>Next citizen</source>
            <translation>Next citizen</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>%1 dossier(s) waiting to be sent</source>
            <translation>%1 dossier(s) waiting to be sent</translation>
        </message>
        <message>
            <source>oldest waiting %1 h</source>
            <translation>oldest waiting %1 h</translation>
        </message>
        <message>
            <source>nothing waiting</source>
            <translation>nothing waiting</translation>
        </message>
    </context>
    <context>
        <name>AttachmentField</name>
        <message>
            <source>Document attached</source>
            <translation>Document attached</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
        <message>
            <source>Copying the file…</source>
            <translation>Copying the file…</translation>
        </message>
        <message>
            <source>Take a photo</source>
            <translation>Take a photo</translation>
        </message>
        <message>
            <source>Take a new photo</source>
            <translation>Take a new photo</translation>
        </message>
        <message>
            <source>Use a file from USB</source>
            <translation>Use a file from USB</translation>
        </message>
        <message>
            <source>Use the sample paper (demo)</source>
            <translation>Use the sample paper (demo)</translation>
        </message>
        <message>
            <source>Attaches a sample picture marked SAMPLE, for trying the kiosk</source>
            <translation>Attaches a sample picture marked SAMPLE, for trying the kiosk</translation>
        </message>
    </context>
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
        <name>CameraCapture</name>
        <message>
            <source>Photograph the document</source>
            <translation>Photograph the document</translation>
        </message>
        <message>
            <source>This kiosk has no working camera. You can use a file from a USB stick instead, or ask a member of staff for help.</source>
            <translation>This kiosk has no working camera. You can use a file from a USB stick instead, or ask a member of staff for help.</translation>
        </message>
        <message>
            <source>Choose a file from a USB stick</source>
            <translation>Choose a file from a USB stick</translation>
        </message>
        <message>
            <source>The photo could not be taken. Please try again.</source>
            <translation>The photo could not be taken. Please try again.</translation>
        </message>
        <message>
            <source>Lay the document flat under the camera, then touch "Take photo".</source>
            <translation>Lay the document flat under the camera, then touch "Take photo".</translation>
        </message>
        <message>
            <source>Take photo</source>
            <translation>Take photo</translation>
        </message>
        <message>
            <source>Take it again</source>
            <translation>Take it again</translation>
        </message>
        <message>
            <source>Use this photo</source>
            <translation>Use this photo</translation>
        </message>
    </context>
    <context>
        <name>CardRemovedDialog</name>
        <message>
            <source>Your ID card was taken off the reader</source>
            <translation>Your ID card was taken off the reader</translation>
        </message>
        <message>
            <source>You can finish your application with what was already read, or end the session now. Ending erases everything you entered.</source>
            <translation>You can finish your application with what was already read, or end the session now. Ending erases everything you entered.</translation>
        </message>
        <message>
            <source>End the session</source>
            <translation>End the session</translation>
        </message>
        <message>
            <source>Continue without the card</source>
            <translation>Continue without the card</translation>
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
        <name>CleaningOverlay</name>
        <message>
            <source>Screen cleaning</source>
            <translation>Screen cleaning</translation>
        </message>
        <message>
            <source>Touches are ignored. You can wipe the screen now; it comes back by itself.</source>
            <translation>Touches are ignored. You can wipe the screen now; it comes back by itself.</translation>
        </message>
    </context>
    <context>
        <name>ConsentField</name>
        <message>
            <source>I have read this and I agree</source>
            <translation>I have read this and I agree</translation>
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
        <name>DateInput</name>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>yyyy</source>
            <translation>yyyy</translation>
        </message>
        <message>
            <source>Choose the day</source>
            <translation>Choose the day</translation>
        </message>
        <message>
            <source>Choose the month</source>
            <translation>Choose the month</translation>
        </message>
    </context>
    <context>
        <name>DevicesPage</name>
        <message>
            <source>Check the card reader and the receipt printer. A test page prints a sample receipt with an invented name.</source>
            <translation>Check the card reader and the receipt printer. A test page prints a sample receipt with an invented name.</translation>
        </message>
        <message>
            <source>Test the card reader</source>
            <translation>Test the card reader</translation>
        </message>
        <message>
            <source>Check the printer</source>
            <translation>Check the printer</translation>
        </message>
        <message>
            <source>Print a test page</source>
            <translation>Print a test page</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
    </context>
    <context>
        <name>DocumentFilePicker</name>
        <message>
            <source>Choose a file from a USB stick</source>
            <translation>Choose a file from a USB stick</translation>
        </message>
        <message>
            <source>Looking for files…</source>
            <translation>Looking for files…</translation>
        </message>
        <message>
            <source>No photos or PDF files were found. Please plug in your USB stick, wait a moment and touch "Look again".</source>
            <translation>No photos or PDF files were found. Please plug in your USB stick, wait a moment and touch "Look again".</translation>
        </message>
        <message>
            <source>Look again</source>
            <translation>Look again</translation>
        </message>
        <message>
            <source>Touch a file to see it here.</source>
            <translation>Touch a file to see it here.</translation>
        </message>
        <message>
            <source>PDF document: %1</source>
            <translation>PDF document: %1</translation>
        </message>
        <message>
            <source>Use this file</source>
            <translation>Use this file</translation>
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
        <name>FormViewModel</name>
        <message>
            <source>The file is too large (at most 10 MB). Please choose another file or take a photo.</source>
            <translation>The file is too large (at most 10 MB). Please choose another file or take a photo.</translation>
        </message>
        <message>
            <source>The file could not be read. Please try again or choose another file.</source>
            <translation>The file could not be read. Please try again or choose another file.</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome! Which service do you need today?</source>
            <translation>Welcome! Which service do you need today?</translation>
        </message>
        <message>
            <source>This kiosk cannot take new dossiers right now. Dossiers already saved are safe. Please ask the staff for help.</source>
            <translation>This kiosk cannot take new dossiers right now. Dossiers already saved are safe. Please ask the staff for help.</translation>
        </message>
        <message>
            <source>Touch a service to begin. Have your chip ID card ready.</source>
            <translation>Touch a service to begin. Have your chip ID card ready.</translation>
        </message>
        <message>
            <source>Search for a service, e.g. "khai sinh"</source>
            <translation>Search for a service, e.g. "khai sinh"</translation>
        </message>
        <message>
            <source>Search for a service</source>
            <translation>Search for a service</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>All services</translation>
        </message>
        <message>
            <source>No services are available on this kiosk at the moment. Please ask a member of staff.</source>
            <translation>No services are available on this kiosk at the moment. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>No service matches your search. Please try other words or touch "All services".</source>
            <translation>No service matches your search. Please try other words or touch "All services".</translation>
        </message>
    </context>
    <context>
        <name>Id12Field</name>
        <message>
            <source>%1 of 12 digits</source>
            <translation>%1 of 12 digits</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>Place your ID card on the reader</translation>
        </message>
        <message>
            <source>ID number (12 digits)</source>
            <translation>ID number (12 digits)</translation>
        </message>
        <message>
            <source>Then scan the QR code on the front of the card under the scanner, or type your 12-digit ID number below. It unlocks the chip.</source>
            <translation>Then scan the QR code on the front of the card under the scanner, or type your 12-digit ID number below. It unlocks the chip.</translation>
        </message>
        <message>
            <source>Date of birth (dd/mm/yyyy), only for older cards</source>
            <translation>Date of birth (dd/mm/yyyy), only for older cards</translation>
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
            <source>Telex typing: on</source>
            <translation>Telex typing: on</translation>
        </message>
        <message>
            <source>Telex typing: off</source>
            <translation>Telex typing: off</translation>
        </message>
        <message>
            <source>Telex typing</source>
            <translation>Telex typing</translation>
        </message>
        <message>
            <source>Stop reading</source>
            <translation>Stop reading</translation>
        </message>
        <message>
            <source>Read aloud</source>
            <translation>Read aloud</translation>
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
        <name>LogsPage</name>
        <message>
            <source>Latest log entries, newest first (personal data removed)</source>
            <translation>Latest log entries, newest first (personal data removed)</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>No log entries yet.</source>
            <translation>No log entries yet.</translation>
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
        <name>ModalSheet</name>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
    </context>
    <context>
        <name>MorePage</name>
        <message>
            <source>Hidden gestures: press and hold the kiosk's name at the top left for 2 seconds to sign in as a volunteer; tap the top-left corner 5 times within 3 seconds, then enter the PIN, to open this panel.</source>
            <translation>Hidden gestures: press and hold the kiosk's name at the top left for 2 seconds to sign in as a volunteer; tap the top-left corner 5 times within 3 seconds, then enter the PIN, to open this panel.</translation>
        </message>
        <message>
            <source>Assisted mode: %1 is signed in.</source>
            <translation>Assisted mode: %1 is signed in.</translation>
        </message>
        <message>
            <source>Assisted mode: a volunteer signs in with their code and PIN, then helps one citizen after another.</source>
            <translation>Assisted mode: a volunteer signs in with their code and PIN, then helps one citizen after another.</translation>
        </message>
        <message>
            <source>Volunteer sign-in</source>
            <translation>Volunteer sign-in</translation>
        </message>
        <message>
            <source>Screen cleaning: the screen ignores every touch for 30 seconds so it can be wiped.</source>
            <translation>Screen cleaning: the screen ignores every touch for 30 seconds so it can be wiped.</translation>
        </message>
        <message>
            <source>Clean the screen</source>
            <translation>Clean the screen</translation>
        </message>
        <message>
            <source>Exit to the desktop: the kiosk application closes until it is started again.</source>
            <translation>Exit to the desktop: the kiosk application closes until it is started again.</translation>
        </message>
        <message>
            <source>Exit to desktop</source>
            <translation>Exit to desktop</translation>
        </message>
        <message>
            <source>Close the kiosk application now?</source>
            <translation>Close the kiosk application now?</translation>
        </message>
        <message>
            <source>Yes, exit</source>
            <translation>Yes, exit</translation>
        </message>
        <message>
            <source>No, stay</source>
            <translation>No, stay</translation>
        </message>
    </context>
    <context>
        <name>MultiChoiceField</name>
        <message>
            <source>You may choose more than one.</source>
            <translation>You may choose more than one.</translation>
        </message>
    </context>
    <context>
        <name>OptionPicker</name>
        <message>
            <source>Type a few letters to search</source>
            <translation>Type a few letters to search</translation>
        </message>
        <message>
            <source>Search the list</source>
            <translation>Search the list</translation>
        </message>
        <message>
            <source>Nothing found. Please check the spelling.</source>
            <translation>Nothing found. Please check the spelling.</translation>
        </message>
    </context>
    <context>
        <name>OtherCardSheet</name>
        <message>
            <source>Read this person's ID card</source>
            <translation>Read this person's ID card</translation>
        </message>
        <message>
            <source>The card holder must be here and agree. What their chip holds (name, ID number, date of birth, ethnicity, nationality, residence) is used only for this application and forgotten when you finish.</source>
            <translation>The card holder must be here and agree. What their chip holds (name, ID number, date of birth, ethnicity, nationality, residence) is used only for this application and forgotten when you finish.</translation>
        </message>
        <message>
            <source>The card holder agrees</source>
            <translation>The card holder agrees</translation>
        </message>
        <message>
            <source>Put their card on the reader and type the 12-digit ID number printed on it, or show the QR code on its front to the scanner.</source>
            <translation>Put their card on the reader and type the 12-digit ID number printed on it, or show the QR code on its front to the scanner.</translation>
        </message>
        <message>
            <source>ID number of the card holder</source>
            <translation>ID number of the card holder</translation>
        </message>
        <message>
            <source>Reading the card… Please keep it on the reader.</source>
            <translation>Reading the card… Please keep it on the reader.</translation>
        </message>
        <message>
            <source>Demo: put one of the sample cards on the reader</source>
            <translation>Demo: put one of the sample cards on the reader</translation>
        </message>
        <message>
            <source>Sample card: %1</source>
            <translation>Sample card: %1</translation>
        </message>
        <message>
            <source>Read the card</source>
            <translation>Read the card</translation>
        </message>
    </context>
    <context>
        <name>PersonField</name>
        <message>
            <source>Read this person's ID card</source>
            <translation>Read this person's ID card</translation>
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
            <source>if they have one</source>
            <translation>if they have one</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>Date of birth</translation>
        </message>
    </context>
    <context>
        <name>PickerButton</name>
        <message>
            <source>Touch to choose</source>
            <translation>Touch to choose</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <source>Administrator PIN</source>
            <translation>Administrator PIN</translation>
        </message>
        <message>
            <source>Enter the PIN</source>
            <translation>Enter the PIN</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>PortalPage</name>
        <message>
            <source>Service catalogue in use</source>
            <translation>Service catalogue in use</translation>
        </message>
        <message>
            <source>Shipped with the kiosk (catalogue %1)</source>
            <translation>Shipped with the kiosk (catalogue %1)</translation>
        </message>
        <message>
            <source>Bundle %1, signed %2</source>
            <translation>Bundle %1, signed %2</translation>
        </message>
        <message>
            <source>Oldest fact checked on</source>
            <translation>Oldest fact checked on</translation>
        </message>
        <message>
            <source>%1 (%2 day(s) ago)</source>
            <translation>%1 (%2 day(s) ago)</translation>
        </message>
        <message>
            <source>No fact cites a source yet</source>
            <translation>No fact cites a source yet</translation>
        </message>
        <message>
            <source>Device token</source>
            <translation>Device token</translation>
        </message>
        <message>
            <source>Check for a catalogue update</source>
            <translation>Check for a catalogue update</translation>
        </message>
        <message>
            <source>New device token (from the portal's operator):</source>
            <translation>New device token (from the portal's operator):</translation>
        </message>
        <message>
            <source>Paste or type the token</source>
            <translation>Paste or type the token</translation>
        </message>
        <message>
            <source>Save token</source>
            <translation>Save token</translation>
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
        <name>QueuePage</name>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>The queue is empty: every dossier has been delivered.</source>
            <translation>The queue is empty: every dossier has been delivered.</translation>
        </message>
        <message>
            <source>%1 · %2 attempt(s) · waiting %3</source>
            <translation>%1 · %2 attempt(s) · waiting %3</translation>
        </message>
        <message>
            <source>Reason: %1</source>
            <translation>Reason: %1</translation>
        </message>
        <message>
            <source>Send again</source>
            <translation>Send again</translation>
        </message>
        <message>
            <source>Send now</source>
            <translation>Send now</translation>
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
            <source>Result on</source>
            <translation>Result on</translation>
        </message>
        <message>
            <source>How you receive it</source>
            <translation>How you receive it</translation>
        </message>
        <message>
            <source>Postage</source>
            <translation>Postage</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Fee</translation>
        </message>
        <message>
            <source>Bring</source>
            <translation>Bring</translation>
        </message>
        <message>
            <source>Pay the fee: scan this VietQR code with your banking app.</source>
            <translation>Pay the fee: scan this VietQR code with your banking app.</translation>
        </message>
        <message>
            <source>VietQR code to pay the fee</source>
            <translation>VietQR code to pay the fee</translation>
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
        <name>ReceiptsPage</name>
        <message>
            <source>Receipts kept on this kiosk</source>
            <translation>Receipts kept on this kiosk</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>No receipts are kept yet.</source>
            <translation>No receipts are kept yet.</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>Print again</translation>
        </message>
    </context>
    <context>
        <name>RepeatItemHeader</name>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
    </context>
    <context>
        <name>ReviewScreen</name>
        <message>
            <source>Free of charge</source>
            <translation>Free of charge</translation>
        </message>
        <message>
            <source>%1 VND</source>
            <translation>%1 VND</translation>
        </message>
        <message>
            <source>Please check your application</source>
            <translation>Please check your application</translation>
        </message>
        <message>
            <source>If something is wrong, touch "Change" next to it.</source>
            <translation>If something is wrong, touch "Change" next to it.</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>Documents</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Fee</translation>
        </message>
        <message>
            <source>Fee %1 VND. %2</source>
            <translation>Fee %1 VND. %2</translation>
        </message>
        <message>
            <source>To be confirmed at the one-stop counter</source>
            <translation>To be confirmed at the one-stop counter</translation>
        </message>
        <message>
            <source>Processing time</source>
            <translation>Processing time</translation>
        </message>
        <message>
            <source>Result expected</source>
            <translation>Result expected</translation>
        </message>
        <message>
            <source>estimate</source>
            <translation>estimate</translation>
        </message>
        <message>
            <source>Where to get the result</source>
            <translation>Where to get the result</translation>
        </message>
        <message>
            <source>To: %1</source>
            <translation>To: %1</translation>
        </message>
        <message>
            <source>Some answers are still missing or need checking. Please touch "Change" for the step concerned.</source>
            <translation>Some answers are still missing or need checking. Please touch "Change" for the step concerned.</translation>
        </message>
        <message>
            <source>Touching the button below signs this declaration:</source>
            <translation>Touching the button below signs this declaration:</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>I so declare: confirm and submit</source>
            <translation>I so declare: confirm and submit</translation>
        </message>
        <message>
            <source>Confirm and submit the application</source>
            <translation>Confirm and submit the application</translation>
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
        <name>ServiceOverviewScreen</name>
        <message>
            <source>Free of charge</source>
            <translation>Free of charge</translation>
        </message>
        <message>
            <source>%1 VND</source>
            <translation>%1 VND</translation>
        </message>
        <message>
            <source>Depends on your answers</source>
            <translation>Depends on your answers</translation>
        </message>
        <message>
            <source>Fee</source>
            <translation>Fee</translation>
        </message>
        <message>
            <source>The amount is shown before you confirm.</source>
            <translation>The amount is shown before you confirm.</translation>
        </message>
        <message>
            <source>Fee %1 VND. %2</source>
            <translation>Fee %1 VND. %2</translation>
        </message>
        <message>
            <source>To be confirmed at the one-stop counter</source>
            <translation>To be confirmed at the one-stop counter</translation>
        </message>
        <message>
            <source>Processing time</source>
            <translation>Processing time</translation>
        </message>
        <message>
            <source>Online service</source>
            <translation>Online service</translation>
        </message>
        <message>
            <source>Everything is done online; you do not need to go to the office.</source>
            <translation>Everything is done online; you do not need to go to the office.</translation>
        </message>
        <message>
            <source>You may need to go to the office to show originals or collect the result.</source>
            <translation>You may need to go to the office to show originals or collect the result.</translation>
        </message>
        <message>
            <source>Documents you need</source>
            <translation>Documents you need</translation>
        </message>
        <message>
            <source>Only your chip ID card.</source>
            <translation>Only your chip ID card.</translation>
        </message>
        <message>
            <source>photographed here at the kiosk</source>
            <translation>photographed here at the kiosk</translation>
        </message>
        <message>
            <source>only in some cases</source>
            <translation>only in some cases</translation>
        </message>
        <message>
            <source>if you have it</source>
            <translation>if you have it</translation>
        </message>
        <message>
            <source>Handled by: %1</source>
            <translation>Handled by: %1</translation>
        </message>
        <message>
            <source>What is marked “to be confirmed” no official text confirms yet: ask at the one-stop counter.</source>
            <translation>What is marked “to be confirmed” no official text confirms yet: ask at the one-stop counter.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Start the application</source>
            <translation>Start the application</translation>
        </message>
    </context>
    <context>
        <name>SignatureField</name>
        <message>
            <source>Sign here with your finger</source>
            <translation>Sign here with your finger</translation>
        </message>
        <message>
            <source>Clear and sign again</source>
            <translation>Clear and sign again</translation>
        </message>
    </context>
    <context>
        <name>StatsPage</name>
        <message>
            <source>Last %1 days, per service</source>
            <translation>Last %1 days, per service</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>Started</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <source>Satisfied (4–5 of 5)</source>
            <translation>Satisfied (4–5 of 5)</translation>
        </message>
        <message>
            <source>No applications or ratings yet in this period.</source>
            <translation>No applications or ratings yet in this period.</translation>
        </message>
        <message>
            <source>no ratings</source>
            <translation>no ratings</translation>
        </message>
        <message>
            <source>%1% of %2 rating(s), average %3</source>
            <translation>%1% of %2 rating(s), average %3</translation>
        </message>
    </context>
    <context>
        <name>StepProgress</name>
        <message>
            <source>Step %1 of %2</source>
            <translation>Step %1 of %2</translation>
        </message>
    </context>
    <context>
        <name>TextInputField</name>
        <message>
            <source>Choose from the list, or type above</source>
            <translation>Choose from the list, or type above</translation>
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
    <context>
        <name>VolunteerSignIn</name>
        <message>
            <source>Volunteer sign-in</source>
            <translation>Volunteer sign-in</translation>
        </message>
        <message>
            <source>While you are signed in, each application records that you assisted.</source>
            <translation>While you are signed in, each application records that you assisted.</translation>
        </message>
        <message>
            <source>Volunteer code</source>
            <translation>Volunteer code</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
    </context>
    <context>
        <name>WizardScreen</name>
        <message>
            <source>Nothing added yet. If you need to, touch the button below.</source>
            <translation>Nothing added yet. If you need to, touch the button below.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Check my answers</source>
            <translation>Check my answers</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
    </context>
    <context>
        <name>YesNoField</name>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
    </context>
</TS>
