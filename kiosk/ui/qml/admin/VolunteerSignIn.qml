import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// A volunteer signs in with their code and PIN (checked off the GUI thread).
Item {
    id: dialog
    objectName: "volunteerSignIn"

    function submit() {
        if (codeField.text.length > 0 && pinField.text.length > 0) {
            volunteer.signIn(codeField.text, pinField.text)
            pinField.text = ""
        }
    }
    Component.onCompleted: codeField.forceActiveFocus()

    Rectangle {
        anchors.fill: parent
        color: "#000000"
        opacity: 0.6
    }
    MouseArea { anchors.fill: parent }

    Rectangle {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.verticalCenter: parent.verticalCenter
        width: Math.min(parent.width - 48, theme.touchTarget * 14)
        height: Math.min(parent.height - 24, column.implicitHeight + 56)
        radius: 20
        color: theme.surface
        border.color: theme.primary
        border.width: 4

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 28
            spacing: 14
            Label {
                text: qsTr("Volunteer sign-in")
                font.pixelSize: theme.fontTitle * 0.8
                font.bold: true
                color: theme.text
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
            }
            Label {
                text: qsTr("While you are signed in, each application records that you assisted.")
                font.pixelSize: theme.fontSmall
                color: theme.mutedText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            GridLayout {
                columns: 2
                columnSpacing: 20
                rowSpacing: 12
                Layout.fillWidth: true
                Label {
                    text: qsTr("Volunteer code")
                    font.pixelSize: theme.fontBody
                    color: theme.text
                }
                AnswerInput {
                    id: codeField
                    objectName: "volunteerCode"
                    Layout.fillWidth: true
                    inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
                                      | Qt.ImhLatinOnly
                    KeyNavigation.tab: pinField
                    onAccepted: pinField.forceActiveFocus()
                }
                Label {
                    text: qsTr("PIN")
                    font.pixelSize: theme.fontBody
                    color: theme.text
                }
                AnswerInput {
                    id: pinField
                    objectName: "volunteerPin"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhHiddenText | Qt.ImhSensitiveData
                    maximumLength: 12
                    onAccepted: dialog.submit()
                }
            }
            Label {
                objectName: "volunteerError"
                visible: text.length > 0
                text: volunteer.busy ? qsTr("Checking…") : volunteer.errorText
                color: volunteer.busy ? theme.text : theme.error
                font.pixelSize: theme.fontSmall
                font.bold: true
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 20
                BigButton {
                    objectName: "volunteerCancel"
                    kind: "secondary"
                    text: qsTr("Cancel")
                    Layout.fillWidth: true
                    onClicked: volunteer.cancelSignIn()
                }
                BigButton {
                    objectName: "volunteerSubmit"
                    text: qsTr("Sign in")
                    enabled: !volunteer.busy && codeField.text.length > 0 && pinField.text.length > 0
                    Layout.fillWidth: true
                    onClicked: dialog.submit()
                }
            }
        }
    }
}
