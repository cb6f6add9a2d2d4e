import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The card's key: scan the QR on the card front, or type the ID number and birth date.
Page {
    id: page
    objectName: "identifyScreen"
    background: Rectangle { color: theme.background }

    function submit() {
        session.readCard(idField.text, dobField.text)
    }

    // A keyboard-style QR reader types the code and Enter. Whatever is not typed into one of
    // the two boxes lands here: a plain Item (not a text input, so neither the on-screen
    // keyboard nor Telex is woken) that holds keyboard focus whenever the boxes do not.
    Item {
        id: scanSink
        objectName: "qrScanInput"
        property string received: ""
        readonly property int maxLength: 1000  // a card QR is ~150 characters; a stuck key is not
        focus: true
        Accessible.ignored: true
        Keys.onPressed: function (event) {
            if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                if (received.length > 0)
                    session.scanQr(received)
                received = ""
                event.accepted = true
            } else if (event.key === Qt.Key_Escape) {
                received = ""
            } else if (event.text.length > 0 && received.length < maxLength) {
                received += event.text
                event.accepted = true
            }
        }
    }
    // A tap outside the boxes gives the keys back to the scanner.
    TapHandler {
        onTapped: scanSink.forceActiveFocus()
    }
    Component.onCompleted: scanSink.forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 20

        ScreenTitle {
            text: qsTr("Place your ID card on the reader")
            Layout.fillWidth: true
        }
        BodyText {
            text: qsTr("Then scan the QR code on the front of the card under the scanner, or type your 12-digit ID number below. It unlocks the chip.")
            color: theme.mutedText
            Layout.fillWidth: true
        }
        ErrorBanner {
            text: session.errorText
            Layout.fillWidth: true
        }
        GridLayout {
            columns: 2
            columnSpacing: 24
            rowSpacing: 16
            Layout.fillWidth: true
            BodyText { text: qsTr("ID number (12 digits)") }
            TextField {
                id: idField
                objectName: "idNumberField"
                Layout.fillWidth: true
                Layout.preferredHeight: theme.touchTarget
                font.pixelSize: theme.fontBody
                inputMethodHints: Qt.ImhDigitsOnly
                maximumLength: 12
                placeholderText: "001099012345"
                Accessible.name: qsTr("ID number (12 digits)")
                // A reader that types the card QR here fills the 12 digits, then Enter.
                onAccepted: if (text.length === 12) page.submit()
                color: theme.text
                placeholderTextColor: theme.mutedText
                background: Rectangle {
                    radius: 8
                    color: theme.surface
                    border.color: parent.activeFocus ? theme.focus : theme.border
                    border.width: parent.activeFocus ? 4 : 2
                }
            }
            BodyText { text: qsTr("Date of birth (dd/mm/yyyy), only for older cards") }
            TextField {
                id: dobField
                objectName: "dobField"
                Layout.fillWidth: true
                Layout.preferredHeight: theme.touchTarget
                font.pixelSize: theme.fontBody
                inputMethodHints: Qt.ImhDigitsOnly
                inputMask: "99/99/9999;_"
                Accessible.name: qsTr("Date of birth (dd/mm/yyyy), only for older cards")
                color: theme.text
                placeholderTextColor: theme.mutedText
                background: Rectangle {
                    radius: 8
                    color: theme.surface
                    border.color: parent.activeFocus ? theme.focus : theme.border
                    border.width: parent.activeFocus ? 4 : 2
                }
                onAccepted: page.submit()
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 24
            BigButton {
                objectName: "noCardButton"
                kind: "secondary"
                text: qsTr("I have no card with me")
                Layout.fillWidth: true
                onClicked: session.continueWithoutCard()
            }
            BigButton {
                objectName: "demoCardButton"
                visible: session.demo
                kind: "secondary"
                text: qsTr("Use the sample card (demo)")
                Layout.fillWidth: true
                // The sample card is on the (virtual) reader already: fill its key and read it.
                onClicked: {
                    idField.text = session.demoIdentity[0]
                    dobField.text = session.demoIdentity[1]
                    page.submit()
                }
            }
            BigButton {
                objectName: "readCardButton"
                text: qsTr("Read my card")
                Layout.fillWidth: true
                enabled: idField.text.length === 12
                onClicked: page.submit()
            }
        }
        Item { Layout.fillHeight: true }
    }
}
