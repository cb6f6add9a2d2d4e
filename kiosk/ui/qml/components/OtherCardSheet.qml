import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Another person's ID card for one person field (the other parent, a household member):
// first that person's consent, then their card on the reader and its number (typed, or
// from the QR on its front with a keyboard-style reader). The card fills the person and
// the fields the procedure names; the sheet closes itself when it has.
ModalSheet {
    id: sheet
    objectName: "otherCardSheet"
    property string path: ""
    property string personLabel: ""
    readonly property var info: session.otherCard
    readonly property bool agreed: info.path === sheet.path && info.consent

    title: qsTr("Read this person's ID card")
    fillHeight: false

    Component.onCompleted: session.openOtherCard(sheet.path)
    onClosed: session.closeOtherCard()

    Connections {
        target: session
        // Read and filled (the path is cleared): nothing more to do here.
        function onOtherCardChanged() {
            if (sheet.visible && session.otherCard.path === "")
                sheet.close()
        }
    }

    function submit() {
        session.readOtherCard(idBox.text.trim(), "")
    }

    // A keyboard-style QR reader types the card-front code and Enter: the sheet takes the
    // keys itself (no box needs a tap, no on-screen keyboard covers the buttons).
    onAgreedChanged: if (agreed) Qt.callLater(sheet.forceActiveFocus)
    Keys.onPressed: (event) => {
        if (!sheet.agreed || sheet.info.busy)
            return
        if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            sheet.submit()
            event.accepted = true
        } else if (event.key === Qt.Key_Backspace) {
            idBox.text = idBox.text.slice(0, -1)
            event.accepted = true
        } else if (event.text.length === 1 && event.text >= " ") {
            idBox.text = (idBox.text + event.text).slice(0, idBox.maximumLength)
            event.accepted = true
        }
    }

    BodyText {
        objectName: "otherCardWho"
        text: sheet.personLabel
        font.bold: true
        Layout.fillWidth: true
    }
    BodyText {
        visible: !sheet.agreed
        text: qsTr("The card holder must be here and agree. What their chip holds (name, ID number, date of birth, ethnicity, nationality, residence) is used only for this application and forgotten when you finish.")
        Layout.fillWidth: true
    }
    RowLayout {
        visible: !sheet.agreed
        Layout.fillWidth: true
        spacing: 16
        BigButton {
            objectName: "otherCardAgree"
            text: qsTr("The card holder agrees")
            Layout.fillWidth: true
            onClicked: session.otherCardConsent(true)
        }
    }
    BodyText {
        visible: sheet.agreed
        text: qsTr("Put their card on the reader and type the 12-digit ID number printed on it, or show the QR code on its front to the scanner.")
        Layout.fillWidth: true
    }
    AnswerInput {
        id: idBox
        objectName: "otherCardId"
        visible: sheet.agreed
        enabled: !sheet.info.busy
        Layout.fillWidth: true
        // Room for the card-front QR's text, which a keyboard-style reader types here.
        maximumLength: 200
        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
        Accessible.name: qsTr("ID number of the card holder")
        onAccepted: sheet.submit()
        // Tapped to type: the keyboard opens and the sheet gets lower; keep the box in view.
        onActiveFocusChanged: if (activeFocus) Qt.callLater(sheet.reveal, idBox)
    }
    ErrorMessage {
        objectName: "otherCardError"
        message: sheet.info.error || ""
        Layout.fillWidth: true
    }
    BodyText {
        visible: sheet.info.busy
        text: qsTr("Reading the card… Please keep it on the reader.")
        Layout.fillWidth: true
    }
    BigButton {
        objectName: "otherCardRead"
        visible: sheet.agreed
        text: qsTr("Read the card")
        enabled: !sheet.info.busy && idBox.text.trim().length >= 12
        Layout.fillWidth: true
        onClicked: sheet.submit()
    }
    // Demo mode: which sample card is put on the (virtual) reader, by its holder's name.
    BodyText {
        visible: sheet.agreed && session.demo
        text: qsTr("Demo: put one of the sample cards on the reader")
        Layout.fillWidth: true
    }
    GridLayout {
        visible: sheet.agreed && session.demo
        Layout.fillWidth: true
        columns: sheet.width > theme.touchTarget * 14 ? 2 : 1
        columnSpacing: 16
        rowSpacing: 12
        Repeater {
            model: session.demo ? session.demoOtherCards : []
            BigButton {
                required property var modelData
                required property int index
                objectName: index === 0 ? "otherCardDemo" : "otherCardDemo_" + index
                enabled: !sheet.info.busy
                kind: "secondary"
                text: qsTr("Sample card: %1").arg(modelData.name)
                Layout.fillWidth: true
                onClicked: {
                    idBox.text = modelData.id
                    session.readOtherCard(modelData.id, modelData.dob)
                }
            }
        }
    }
}
