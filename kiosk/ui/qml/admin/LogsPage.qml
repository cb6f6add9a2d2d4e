import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The newest log lines (names, ID numbers and addresses are removed before they are shown).
ColumnLayout {
    id: root
    objectName: "logsPage"
    readonly property QtObject page: admin.logs
    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        AdminCell {
            text: qsTr("Latest log entries, newest first (personal data removed)")
            strong: true
            Layout.fillWidth: true
        }
        BigButton {
            kind: "secondary"
            text: root.page.busy ? qsTr("Loading…") : qsTr("Refresh")
            enabled: !root.page.busy
            onClicked: root.page.refresh()
        }
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    AdminCell {
        visible: list.count === 0 && !root.page.busy
        text: qsTr("No log entries yet.")
        muted: true
    }
    ListView {
        id: list
        objectName: "logList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.page.items
        ScrollBar.vertical: ScrollBar { width: 14; policy: ScrollBar.AsNeeded }
        delegate: Label {
            required property var modelData
            width: list.width - 18
            text: modelData.time + "  " + modelData.level + "  " + modelData.text
            font.family: "monospace"
            font.pixelSize: Math.round(theme.fontSmall * 0.85)
            color: modelData.level === "ERROR" || modelData.level === "CRITICAL" ? theme.error
                   : modelData.level === "WARNING" ? theme.text : theme.mutedText
            wrapMode: Text.WrapAnywhere
            bottomPadding: 6
        }
    }
}
