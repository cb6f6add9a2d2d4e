import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The first screen a citizen sees: what the kiosk does and the services to choose from.
Page {
    id: page
    objectName: "homeScreen"
    background: Rectangle { color: theme.background }

    signal serviceChosen(string code)

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 24

        Label {
            objectName: "homeTitle"
            text: qsTr("Welcome! Which service do you need today?")
            font.pixelSize: theme.fontTitle
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Touch a service to begin. Have your chip ID card ready.")
            font.pixelSize: theme.fontBody
            color: theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        GridView {
            id: grid
            objectName: "serviceGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cellWidth: width / Math.max(1, Math.floor(width / (theme.touchTarget * 5.5)))
            cellHeight: theme.touchTarget * 2.2 + 16
            model: shell.tiles
            keyNavigationEnabled: true
            delegate: Item {
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
