import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Information for the citizen (no answer): a calm panel with the text.
Rectangle {
    id: root
    property var field: ({})
    property var form: null
    objectName: "field_" + (field && field.path ? field.path : "")
    implicitHeight: column.implicitHeight + 36
    radius: 14
    color: theme.infoFill
    border.color: theme.focus
    border.width: 2
    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 18
        spacing: 8
        Label {
            text: root.field && root.field.label ? root.field.label : ""
            font.pixelSize: theme.fontBody
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            visible: text.length > 0
            text: root.field && root.field.hint ? root.field.hint : ""
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
