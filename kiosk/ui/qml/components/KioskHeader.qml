import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Kiosk name, clock, language switch and the accessibility toggles, on every screen.
Rectangle {
    id: root
    objectName: "kioskHeader"
    implicitHeight: theme.touchTarget + 24
    color: theme.primary

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 16
        spacing: 16

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: "kioskName"
                text: shell.kioskName
                color: theme.primaryText
                font.pixelSize: theme.fontBody
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "clock"
                text: shell.clock + (shell.demo ? "   •   " + qsTr("DEMO: simulated card and portal") : "")
                color: theme.primaryText
                font.pixelSize: theme.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
        }

        HeaderButton {
            objectName: "startOverButton"
            visible: session.screen !== "attract" && session.screen !== "home"
            text: qsTr("Start over")
            onClicked: session.finish()
        }
        HeaderButton {
            objectName: "largeTextButton"
            text: qsTr("Larger text")
            selected: theme.largeText
            onClicked: theme.toggleLargeText()
        }
        HeaderButton {
            objectName: "contrastButton"
            text: qsTr("High contrast")
            selected: theme.highContrast
            onClicked: theme.toggleHighContrast()
        }
        HeaderButton {
            objectName: "languageButton"
            // Always names the OTHER language, in that language, so anyone can find it.
            text: i18n.language === "vi" ? "English" : "Tiếng Việt"
            onClicked: i18n.toggle()
        }
    }
}
