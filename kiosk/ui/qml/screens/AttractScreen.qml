import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Shown between citizens: one big invitation; any touch starts a session.
Page {
    id: page
    objectName: "attractScreen"
    background: Rectangle { color: theme.background }

    MouseArea {
        anchors.fill: parent
        onClicked: session.begin()
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 1000)
        spacing: 32

        ScreenTitle {
            objectName: "attractTitle"
            text: qsTr("Public services, with help at every step")
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
        BodyText {
            text: qsTr("Register a birth, your residence, ask for a judicial record certificate and more. Your chip ID card fills in the forms for you.")
            horizontalAlignment: Text.AlignHCenter
            color: theme.mutedText
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "startButton"
            text: qsTr("Touch here to start")
            Layout.alignment: Qt.AlignHCenter
            // Grows with large text instead of wrapping the one thing everybody must read.
            Layout.preferredWidth: Math.max(theme.touchTarget * 7, implicitWidth)
            Layout.preferredHeight: theme.touchTarget * 1.6
            onClicked: session.begin()
        }
    }
}
