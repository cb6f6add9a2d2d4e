import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// The heading of one entry of a repeated group ("Child 2"), with a way to remove it.
Rectangle {
    id: root
    property var field: ({})
    property var form: null
    objectName: "repeatItem_" + (field && field.path ? field.path : "")
    implicitHeight: row.implicitHeight + 24
    radius: 12
    color: theme.sectionFill
    border.color: theme.border
    border.width: 1
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 18
        anchors.rightMargin: 12
        spacing: 12
        Label {
            text: root.field && root.field.label ? root.field.label : ""
            font.pixelSize: theme.fontTitle * 0.8
            font.bold: true
            color: theme.text
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "removeItem_" + (root.field && root.field.path ? root.field.path : "")
            visible: !!root.field && root.field.canRemove === true
            kind: "secondary"
            text: qsTr("Remove")
            onClicked: if (root.form) root.form.removeRepeat(root.field.repeatGroup, root.field.repeatIndex)
        }
    }
}
