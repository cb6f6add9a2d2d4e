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

    // A QR scanner types like a keyboard and ends with Enter: catch it wherever focus is.
    TextInput {
        id: scanSink
        objectName: "qrScanInput"
        visible: false
        focus: !idField.activeFocus && !dobField.activeFocus
        onAccepted: { session.scanQr(text); text = "" }
    }

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
                onClicked: { idField.text = session.demoIdentity[0]; dobField.text = session.demoIdentity[1] }
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
