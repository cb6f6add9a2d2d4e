import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Kept receipts, newest first: print one again for a citizen who lost theirs.
ColumnLayout {
    id: root
    objectName: "receiptsPage"
    readonly property QtObject page: admin.receipts
    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        AdminCell {
            text: qsTr("Receipts kept on this kiosk")
            strong: true
            Layout.fillWidth: true
        }
        BigButton {
            kind: "secondary"
            text: root.page.busy ? qsTr("Working…") : qsTr("Refresh")
            enabled: !root.page.busy
            onClicked: root.page.refresh()
        }
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    AdminCell {
        visible: list.count === 0 && !root.page.busy
        text: qsTr("No receipts are kept yet.")
        muted: true
        Layout.fillWidth: true
    }
    ListView {
        id: list
        objectName: "receiptList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 8
        model: root.page.items
        ScrollBar.vertical: ScrollBar { width: 14; policy: ScrollBar.AsNeeded }
        delegate: Rectangle {
            required property var modelData
            width: list.width - 18
            height: theme.touchTarget * 1.25 + 16
            radius: 10
            color: theme.background
            border.color: theme.border
            border.width: 2
            RowLayout {
                anchors.fill: parent
                anchors.margins: 8
                anchors.leftMargin: 16
                spacing: 16
                AdminCell { text: modelData.code; strong: true; Layout.fillWidth: true }
                AdminCell { text: modelData.time; muted: true }
                BigButton {
                    objectName: "reprint_" + modelData.code
                    kind: "secondary"
                    text: qsTr("Print again")
                    enabled: !root.page.busy
                    onClicked: root.page.reprint(modelData.code)
                }
            }
        }
    }
}
