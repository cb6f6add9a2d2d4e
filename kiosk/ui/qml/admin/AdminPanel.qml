import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The technician's panel: pages on the left, the chosen page on the right.
Rectangle {
    id: panel
    objectName: "adminPanel"
    color: theme.background

    readonly property var pages: [
        { id: "queue", label: qsTr("Sync queue"), file: "QueuePage.qml" },
        { id: "receipts", label: qsTr("Reprint a receipt"), file: "ReceiptsPage.qml" },
        { id: "devices", label: qsTr("Reader and printer"), file: "DevicesPage.qml" },
        { id: "portal", label: qsTr("Portal and token"), file: "PortalPage.qml" },
        { id: "stats", label: qsTr("Usage and satisfaction"), file: "StatsPage.qml" },
        { id: "logs", label: qsTr("Logs"), file: "LogsPage.qml" },
        { id: "more", label: qsTr("Volunteers, cleaning, exit"), file: "MorePage.qml" }
    ]

    MouseArea { anchors.fill: parent }  // nothing underneath is reachable
    Keys.onEscapePressed: admin.closePanel()

    Rectangle {
        id: top
        anchors.left: parent.left
        anchors.right: parent.right
        height: theme.touchTarget + 24
        color: theme.highContrast ? theme.background : "#3a3f47"
        border.color: theme.highContrast ? theme.border : "transparent"
        border.width: theme.highContrast ? 2 : 0
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 16
            Label {
                text: qsTr("Kiosk administration")
                color: theme.highContrast ? theme.text : "#ffffff"
                font.pixelSize: theme.fontBody
                font.bold: true
            }
            Label {
                text: shell.kioskName
                color: theme.highContrast ? theme.text : "#d7dbe0"
                font.pixelSize: theme.fontSmall
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            BigButton {
                objectName: "adminClose"
                kind: "secondary"
                text: qsTr("Close")
                implicitHeight: theme.touchTarget
                onClicked: admin.closePanel()
            }
        }
    }

    RowLayout {
        anchors.top: top.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 20
        spacing: 20

        ColumnLayout {
            Layout.preferredWidth: Math.min(panel.width * 0.26, theme.touchTarget * 6)
            Layout.maximumWidth: Layout.preferredWidth
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: 8
            Repeater {
                model: panel.pages
                delegate: BigButton {
                    required property var modelData
                    objectName: "adminNav_" + modelData.id
                    kind: admin.page === modelData.id ? "primary" : "secondary"
                    text: modelData.label
                    font.pixelSize: theme.fontSmall
                    implicitHeight: Math.max(theme.touchTarget, contentItem.implicitHeight + 16)
                    Layout.fillWidth: true
                    onClicked: admin.setPage(modelData.id)
                }
            }
            Item { Layout.fillHeight: true }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            radius: 14
            color: theme.surface
            border.color: theme.border
            border.width: 2
            Loader {
                id: pageLoader
                objectName: "adminPageLoader"
                anchors.fill: parent
                anchors.margins: 20
                source: {
                    for (var i = 0; i < panel.pages.length; ++i)
                        if (panel.pages[i].id === admin.page) return panel.pages[i].file
                    return ""
                }
            }
        }
    }
}
