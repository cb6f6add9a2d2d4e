import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// An inline validation message under a field: a red marker and the message, in words.
RowLayout {
    id: root
    property string message: ""
    visible: message.length > 0
    spacing: 10
    Rectangle {
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: 2
        implicitWidth: theme.fontBody + 4
        implicitHeight: theme.fontBody + 4
        radius: width / 2
        color: theme.error
        Label {
            anchors.centerIn: parent
            text: "!"
            color: theme.highContrast ? theme.background : theme.surface
            font.pixelSize: theme.fontSmall
            font.bold: true
        }
    }
    Label {
        objectName: root.objectName.length > 0 ? root.objectName + "_text" : ""
        text: root.message
        color: theme.error
        font.pixelSize: theme.fontBody
        font.bold: true
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
}
