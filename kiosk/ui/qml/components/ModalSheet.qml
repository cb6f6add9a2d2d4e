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
    // Bring a control of the sheet into view (a text box about to be typed in).
    function reveal(item) {
        if (!item || scroller.height <= 0)
            return
        var y = item.mapToItem(body, 0, 0).y
        if (y < scroller.contentY)
            scroller.contentY = Math.max(0, y - 8)
        else if (y + item.height > scroller.contentY + scroller.height)
            scroller.contentY = Math.min(scroller.contentHeight - scroller.height,
                                         y + item.height - scroller.height + 8)
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
            // A short sheet scrolls when the screen above the on-screen keyboard is lower
            // than its content, instead of running under the keyboard.
            Flickable {
                id: scroller
                // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
                Component.onCompleted: viewport.follow(scroller)
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredHeight: sheet.fillHeight ? -1 : body.implicitHeight
                contentWidth: width
                contentHeight: sheet.fillHeight ? height : body.implicitHeight
                interactive: contentHeight > height + 1
                boundsBehavior: Flickable.StopAtBounds
                clip: !sheet.fillHeight
                ScrollIndicator.vertical: ScrollIndicator {}
                ColumnLayout {
                    id: body
                    width: scroller.width
                    height: sheet.fillHeight ? scroller.height : implicitHeight
                    spacing: 16
                }
            }
        }
    }
}
