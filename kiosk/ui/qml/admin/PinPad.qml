import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The admin PIN pad: big digits, the PIN shown as dots, the lockout's time left. The PIN is
// checked off the GUI thread (admin.submitPin); digits also come from a keyboard. With no
// PIN set, the keys are off and the message only says the function is for technical staff.
FocusScope {
    id: pad
    objectName: "pinPad"
    property string pin: ""
    readonly property int maxDigits: 12
    readonly property bool enabledInput: !admin.pinBusy && !admin.pinLocked
                                         && admin.pinConfigured
    focus: true

    function press(digit) {
        if (enabledInput && pin.length < maxDigits)
            pin += digit
    }
    function erase() { pin = pin.slice(0, -1) }
    function submit() {
        if (enabledInput && pin.length > 0) {
            admin.submitPin(pin)
            pin = ""
        }
    }

    Keys.onPressed: function(event) {
        if (event.text.length === 1 && event.text >= "0" && event.text <= "9") {
            press(event.text); event.accepted = true
        } else if (event.key === Qt.Key_Backspace) {
            erase(); event.accepted = true
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            submit(); event.accepted = true
        } else if (event.key === Qt.Key_Escape) {
            admin.cancelPin(); event.accepted = true
        }
    }

    Rectangle {
        anchors.fill: parent
        color: "#000000"
        opacity: 0.6
    }
    MouseArea { anchors.fill: parent }  // the screen behind waits

    Rectangle {
        id: card
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, theme.touchTarget * 9)
        height: Math.min(parent.height - 24, column.implicitHeight + 48)
        radius: 20
        color: theme.surface
        border.color: theme.primary
        border.width: 4

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 24
            spacing: 14

            Label {
                text: qsTr("Administrator PIN")
                font.pixelSize: theme.fontTitle * 0.8
                font.bold: true
                color: theme.text
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: theme.touchTarget * 1.1
                radius: 10
                color: theme.background
                border.color: theme.border
                border.width: 2
                Label {
                    objectName: "pinDots"
                    anchors.centerIn: parent
                    text: pad.pin.length > 0 ? "●".repeat(pad.pin.length)
                                             : qsTr("Enter the PIN")
                    font.pixelSize: pad.pin.length > 0 ? theme.fontTitle : theme.fontBody
                    font.letterSpacing: pad.pin.length > 0 ? 8 : 0
                    color: pad.pin.length > 0 ? theme.text : theme.mutedText
                }
            }
            Label {
                objectName: "pinMessage"
                visible: text.length > 0 || admin.pinBusy
                text: admin.pinBusy ? qsTr("Checking…") : admin.pinMessage
                color: !admin.pinConfigured ? theme.text
                       : admin.pinLocked || !admin.pinBusy ? theme.error : theme.text
                font.pixelSize: theme.fontSmall
                font.bold: true
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                Layout.fillWidth: true
            }
            GridLayout {
                columns: 3
                rowSpacing: 10
                columnSpacing: 10
                Layout.alignment: Qt.AlignHCenter
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "ok"]
                    delegate: BigButton {
                        required property string modelData
                        objectName: "pinKey_" + modelData
                        kind: modelData === "ok" ? "primary" : "secondary"
                        text: modelData === "erase" ? qsTr("Delete")
                              : modelData === "ok" ? qsTr("OK") : modelData
                        font.pixelSize: modelData.length === 1 ? theme.fontTitle : theme.fontBody
                        focusPolicy: Qt.NoFocus
                        enabled: pad.enabledInput && (modelData !== "ok" || pad.pin.length > 0)
                        Layout.preferredWidth: theme.touchTarget * 2.2
                        Layout.preferredHeight: theme.touchTarget * 1.25
                        implicitWidth: theme.touchTarget * 2.2
                        onClicked: modelData === "erase" ? pad.erase()
                                   : modelData === "ok" ? pad.submit() : pad.press(modelData)
                    }
                }
            }
            BigButton {
                objectName: "pinCancel"
                kind: "quiet"
                text: qsTr("Cancel")
                focusPolicy: Qt.NoFocus
                Layout.fillWidth: true
                onClicked: admin.cancelPin()
            }
        }
    }
}
