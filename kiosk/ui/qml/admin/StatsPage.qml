import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Usage and satisfaction per service over the last 30 days, as a small bar chart:
// applications started and confirmed, and the share of satisfied ratings (4-5 of 5).
ColumnLayout {
    id: root
    objectName: "statsPage"
    readonly property QtObject page: admin.stats
    readonly property color startedColor: theme.highContrast ? theme.accent : "#5b7db1"
    readonly property color confirmedColor: theme.highContrast ? theme.primary : theme.ok
    spacing: 12

    RowLayout {
        Layout.fillWidth: true
        AdminCell {
            text: qsTr("Last %1 days, per service").arg(root.page.days)
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
    Row {
        spacing: 24
        Repeater {
            model: [
                { color: root.startedColor, label: qsTr("Started") },
                { color: root.confirmedColor, label: qsTr("Submitted") },
                { color: theme.accent, label: qsTr("Satisfied (4–5 of 5)") }
            ]
            delegate: Row {
                required property var modelData
                spacing: 8
                Rectangle {
                    width: 22; height: 22; radius: 4
                    color: modelData.color
                    border.color: theme.border
                    anchors.verticalCenter: parent.verticalCenter
                }
                AdminCell { text: modelData.label }
            }
        }
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    AdminCell {
        visible: list.count === 0 && !root.page.busy
        text: qsTr("No applications or ratings yet in this period.")
        muted: true
    }
    ListView {
        id: list
        objectName: "statsList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 14
        model: root.page.items
        ScrollBar.vertical: ScrollBar { width: 14; policy: ScrollBar.AsNeeded }
        // Plain positioning (no layouts): the bars' widths come from the row's width, so
        // they cannot feed back into it.
        delegate: Item {
            id: entry
            required property var modelData
            readonly property real barsX: width * 0.34
            readonly property real barSpace: Math.max(40, width - barsX - 16 - theme.fontSmall * 4)
            width: list.width - 18
            height: Math.max(nameLabel.implicitHeight, bars.implicitHeight)
            AdminCell {
                id: nameLabel
                width: entry.barsX - 16
                text: entry.modelData.name
                strong: true
                elide: Text.ElideRight
                maximumLineCount: 2
            }
            Column {
                id: bars
                x: entry.barsX
                width: entry.width - entry.barsX
                spacing: 4
                Repeater {
                    model: [
                        { value: entry.modelData.started, color: root.startedColor },
                        { value: entry.modelData.confirmed, color: root.confirmedColor }
                    ]
                    delegate: Row {
                        required property var modelData
                        spacing: 8
                        Rectangle {
                            objectName: "bar"
                            height: 20
                            radius: 3
                            width: Math.max(2, entry.barSpace * modelData.value
                                                / Math.max(1, root.page.maxUsed))
                            color: modelData.color
                            anchors.verticalCenter: parent.verticalCenter
                        }
                        AdminCell { text: modelData.value; anchors.verticalCenter: parent.verticalCenter }
                    }
                }
                Rectangle {
                    height: 20
                    width: entry.barSpace
                    radius: 3
                    color: "transparent"
                    border.color: theme.border
                    border.width: 1
                    Rectangle {
                        height: parent.height
                        radius: 3
                        width: entry.modelData.satisfied < 0 ? 0
                               : parent.width * entry.modelData.satisfied
                        color: theme.accent
                    }
                }
                AdminCell {
                    width: bars.width
                    text: entry.modelData.satisfied < 0 ? qsTr("no ratings")
                          : qsTr("%1% of %2 rating(s), average %3")
                            .arg(Math.round(entry.modelData.satisfied * 100))
                            .arg(entry.modelData.ratings).arg(entry.modelData.mean)
                }
            }
        }
    }
}
