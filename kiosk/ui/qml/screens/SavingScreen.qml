import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Page {
    objectName: "savingScreen"
    background: Rectangle { color: theme.background }
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 900)
        spacing: 32
        BusyIndicator {
            running: session.busy
            Layout.alignment: Qt.AlignHCenter
            Layout.preferredWidth: theme.touchTarget * 2
            Layout.preferredHeight: theme.touchTarget * 2
        }
        ScreenTitle {
            text: qsTr("Saving your application…")
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
    }
}
