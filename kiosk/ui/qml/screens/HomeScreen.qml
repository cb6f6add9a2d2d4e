import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The first screen a citizen sees: the services to choose from, with a search box
// ("khai sinh" or "dang ky" both work, accents optional) and categories.
Page {
    id: page
    objectName: "homeScreen"
    readonly property bool overlayHost: true
    readonly property var services: shell.services
    background: Rectangle { color: theme.background }

    signal serviceChosen(string code)

    // Each visit starts with the full list: no earlier citizen's search stays on screen.
    Component.onCompleted: services.clear()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        anchors.bottomMargin: 16
        spacing: 18

        Label {
            objectName: "homeTitle"
            text: qsTr("Welcome! Which service do you need today?")
            font.pixelSize: theme.fontTitle
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ErrorBanner {
            objectName: "outboxRefused"
            Layout.fillWidth: true
            text: sync.outboxRefused
                  ? qsTr("This kiosk cannot take new dossiers right now. Dossiers already saved are safe. Please ask the staff for help.")
                  : ""
        }
        Label {
            text: qsTr("Touch a service to begin. Have your chip ID card ready.")
            font.pixelSize: theme.fontBody
            color: theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            AnswerInput {
                id: search
                objectName: "serviceSearch"
                Layout.fillWidth: true
                placeholderText: qsTr("Search for a service, e.g. \"khai sinh\"")
                inputMethodHints: Qt.ImhNoPredictiveText
                // Not bound to the query: the query also holds the word still being composed
                // (Telex), which must not be written back into the box as text.
                Component.onCompleted: text = page.services.query
                onTextChanged: if (activeFocus) page.services.query = text + preeditText
                onPreeditTextChanged: if (activeFocus) page.services.query = text + preeditText
                Accessible.name: qsTr("Search for a service")
            }
            BigButton {
                objectName: "clearSearch"
                visible: search.text.length > 0
                kind: "secondary"
                implicitHeight: search.height
                text: qsTr("Clear")
                onClicked: {
                    search.clear()
                    page.services.query = ""
                    search.focus = false
                }
            }
        }

        Flow {
            objectName: "categoryBar"
            Layout.fillWidth: true
            spacing: 10
            visible: page.services.categories.length > 1
            CategoryChip {
                objectName: "category_all"
                text: qsTr("All services")
                selected: page.services.category === ""
                onClicked: page.services.category = ""
            }
            Repeater {
                model: page.services.categories
                CategoryChip {
                    required property var modelData
                    objectName: "category_" + modelData.id
                    text: i18n.language === "vi" ? modelData.nameVi : modelData.nameEn
                    selected: page.services.category === modelData.id
                    onClicked: page.services.category = selected ? "" : modelData.id
                }
            }
        }

        Label {
            objectName: "noServiceFound"
            visible: page.services.results.length === 0
            text: page.services.count === 0
                  ? qsTr("No services are available on this kiosk at the moment. Please ask a member of staff.")
                  : qsTr("No service matches your search. Please try other words or touch \"All services\".")
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        GridView {
            id: grid
            // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
            Component.onCompleted: viewport.follow(grid)
            objectName: "serviceGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cellWidth: width / Math.max(1, Math.floor(width / (theme.touchTarget * 5.5)))
            cellHeight: theme.touchTarget * 2.2 + 16
            model: page.services.results
            keyNavigationEnabled: true
            ScrollBar.vertical: ScrollBar { width: 14; policy: ScrollBar.AsNeeded }
            delegate: Item {
                required property var modelData
                width: grid.cellWidth
                height: grid.cellHeight
                ServiceTile {
                    objectName: "tile_" + modelData.code
                    anchors.fill: parent
                    anchors.margins: 8
                    code: modelData.code
                    nameVi: modelData.nameVi
                    nameEn: modelData.nameEn
                    onClicked: page.serviceChosen(modelData.code)
                }
            }
        }
    }
}
