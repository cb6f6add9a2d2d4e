import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The sync queue: every dossier not yet received for good, its state, tries and last error.
ColumnLayout {
    id: root
    objectName: "queuePage"
    readonly property QtObject page: admin.queue
    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        spacing: 16
        AdminCell {
            objectName: "queueSummary"
            text: root.page.summary
            strong: true
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "queueRefresh"
            kind: "secondary"
            text: root.page.busy ? qsTr("Loading…") : qsTr("Refresh")
            enabled: !root.page.busy
            onClicked: root.page.refresh()
        }
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    AdminCell {
        visible: list.count === 0 && !root.page.busy
        text: qsTr("The queue is empty: every dossier has been delivered.")
        muted: true
        Layout.fillWidth: true
    }
    ListView {
        id: list
        objectName: "queueList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 8
        model: root.page.items
        ScrollBar.vertical: ScrollBar { width: 14; policy: ScrollBar.AsNeeded }
        delegate: Rectangle {
            required property var modelData
            width: list.width - 18
            height: row.implicitHeight + 24
            radius: 10
            color: theme.background
            border.color: modelData.state === "quarantined" || modelData.state === "blocked"
                          ? theme.error : theme.border
            border.width: 2
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: 12
                spacing: 16
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    AdminCell { text: modelData.code; strong: true; Layout.fillWidth: true }
                    AdminCell { text: modelData.service; muted: true; Layout.fillWidth: true }
                    AdminCell {
                        text: qsTr("%1 · %2 attempt(s) · waiting %3")
                              .arg(modelData.stateText).arg(modelData.attempts).arg(modelData.age)
                        Layout.fillWidth: true
                    }
                    AdminCell {
                        objectName: "queueReason_" + modelData.code
                        visible: modelData.reason.length > 0
                        text: qsTr("Reason: %1").arg(modelData.reason)
                        color: theme.error
                        Layout.fillWidth: true
                    }
                }
                BigButton {
                    objectName: "retry_" + modelData.code
                    visible: modelData.canRetry
                    kind: "secondary"
                    // Queued: due now instead of after its backoff; else back into the queue.
                    text: modelData.state === "queued" ? qsTr("Send now") : qsTr("Send again")
                    enabled: !root.page.busy
                    onClicked: root.page.retry(modelData.code)
                }
            }
        }
    }
}
