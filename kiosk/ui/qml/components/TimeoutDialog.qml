import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// WCAG 2.2.1: warn before the session ends and extend it with one tap.
Rectangle {
    id: overlay
    objectName: "timeoutDialog"
    visible: idle.warning
    color: "#cc000000"
    z: 200
    MouseArea { anchors.fill: parent }  // the screen behind waits

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 900)
        height: column.implicitHeight + 64
        radius: 20
        color: theme.surface
        border.color: theme.primary
        border.width: 4
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 32
            spacing: 24
            Label {
                text: qsTr("Are you still there?")
                font.pixelSize: theme.fontTitle
                font.bold: true
                color: theme.text
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
            }
            Label {
                objectName: "timeoutText"
                text: qsTr("For your privacy, this session will end in %1 seconds and your information will be erased.").arg(idle.secondsLeft)
                font.pixelSize: theme.fontBody
                color: theme.text
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 24
                BigButton {
                    objectName: "endNowButton"
                    kind: "secondary"
                    text: qsTr("End now")
                    Layout.fillWidth: true
                    onClicked: session.finish()
                }
                BigButton {
                    objectName: "moreTimeButton"
                    text: qsTr("I need more time")
                    Layout.fillWidth: true
                    Layout.preferredHeight: theme.touchTarget * 1.3
                    onClicked: idle.extend()
                }
            }
        }
    }
}
