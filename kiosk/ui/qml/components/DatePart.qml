import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One tappable part of a date (day or month): a caption above a big box.
ColumnLayout {
    id: part
    property string caption: ""
    property string label: ""  // the whole date's name, for screen readers
    property string shown: ""
    property bool hasError: false
    signal clicked()
    spacing: 4
    Label {
        text: part.caption
        font.pixelSize: theme.fontSmall
        color: theme.mutedText
    }
    AbstractButton {
        id: box
        objectName: part.objectName.length > 0 ? part.objectName + "_button" : ""
        implicitWidth: theme.touchTarget * 2.2
        implicitHeight: theme.touchTarget
        enabled: part.enabled
        focusPolicy: Qt.TabFocus  // see BigButton: focus on release, not on press
        Accessible.name: (part.label ? part.label + ", " : "") + part.caption
                         + (part.shown ? " " + part.shown : "")
        onClicked: {
            forceActiveFocus()
            part.clicked()
        }
        background: Rectangle {
            radius: 10
            // Read-only (locked to the chip): shown as plain text, like the other parts.
            color: !box.enabled ? "transparent" : (box.down ? Qt.darker(theme.surface, 1.1) : theme.surface)
            border.color: box.visualFocus ? theme.focus : (part.hasError ? theme.error : theme.border)
            border.width: !box.enabled ? 0 : (box.visualFocus || part.hasError ? 4 : 2)
        }
        contentItem: RowLayout {
            Label {
                text: part.shown.length > 0 ? part.shown : "—"
                font.pixelSize: theme.fontBody
                font.bold: part.shown.length > 0
                color: part.shown.length > 0 ? theme.text : theme.mutedText
                horizontalAlignment: box.enabled ? Text.AlignHCenter : Text.AlignLeft
                Layout.fillWidth: true
            }
            Label {
                text: "▾"
                visible: part.enabled
                font.pixelSize: theme.fontBody
                color: theme.mutedText
                Layout.rightMargin: 8
            }
        }
    }
}
