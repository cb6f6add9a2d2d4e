import QtQuick
import QtQuick.Controls

// Screen cleaning: every touch is swallowed until the countdown ends.
Rectangle {
    id: overlay
    objectName: "cleaningOverlay"
    color: "#000000"

    MultiPointTouchArea { anchors.fill: parent; mouseEnabled: false }
    MouseArea {
        objectName: "cleaningSink"
        anchors.fill: parent
        acceptedButtons: Qt.AllButtons
        preventStealing: true
        onWheel: function(wheel) { wheel.accepted = true }
    }
    Keys.onPressed: function(event) { event.accepted = true }
    Component.onCompleted: forceActiveFocus()
    focus: true

    Column {
        anchors.centerIn: parent
        spacing: 24
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Screen cleaning")
            color: "#ffffff"
            font.pixelSize: theme.fontTitle
            font.bold: true
        }
        Label {
            objectName: "cleaningCountdown"
            anchors.horizontalCenter: parent.horizontalCenter
            text: admin.cleaningSecondsLeft
            color: "#ffffff"
            font.pixelSize: theme.fontTitle * 3
            font.bold: true
        }
        Label {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(overlay.width - 64, 900)
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("Touches are ignored. You can wipe the screen now; it comes back by itself.")
            color: "#e0e0e0"
            font.pixelSize: theme.fontBody
        }
    }
}
