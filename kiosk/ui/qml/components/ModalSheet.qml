import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A modal panel inside the current screen (create it with sheets.js `open`). Unlike a Popup
// in the window overlay it never hides the on-screen keyboard, which search boxes need.
Item {
    id: sheet
    property string title: ""
    property real panelWidth: Math.min(width - 64, theme.touchTarget * 17)
    property bool fillHeight: true
    default property alias content: body.data
    signal closed()

    anchors.fill: parent
    z: 1000
    visible: false

    function open() {
        visible = true
        forceActiveFocus()
    }
    function close() {
        if (!visible)
            return
        visible = false
        closed()
        sheet.destroy()
    }

    Keys.onEscapePressed: close()

    Rectangle {
        anchors.fill: parent
        color: theme.scrim
        opacity: 0.45
    }
    MouseArea {
        // Touches outside the panel do nothing: closing is always an explicit button.
        anchors.fill: parent
    }
    Rectangle {
        id: panel
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.verticalCenter: parent.verticalCenter
        width: sheet.panelWidth
        height: sheet.fillHeight ? sheet.height - 40
                                 : Math.min(sheet.height - 40, column.implicitHeight + 48)
        radius: 18
        color: theme.surface
        border.color: theme.border
        border.width: 2

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 24
            spacing: 16
            RowLayout {
                Layout.fillWidth: true
                spacing: 16
                Label {
                    text: sheet.title
                    font.pixelSize: theme.fontTitle * 0.8
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                BigButton {
                    objectName: "sheetClose"
                    kind: "secondary"
                    text: qsTr("Close")
                    onClicked: sheet.close()
                }
            }
            ColumnLayout {
                id: body
                Layout.fillWidth: true
                Layout.fillHeight: sheet.fillHeight
                spacing: 16
            }
        }
    }
}
