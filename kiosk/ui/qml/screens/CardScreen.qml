import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// What the chip said, for the citizen to confirm it is them.
Page {
    objectName: "cardScreen"
    background: Rectangle { color: theme.background }

    readonly property var card: session.card

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 20
        ScreenTitle {
            text: qsTr("Is this you?")
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: 32
            Layout.fillWidth: true
            Layout.fillHeight: true
            Rectangle {
                Layout.preferredWidth: theme.touchTarget * 3.2
                Layout.preferredHeight: theme.touchTarget * 4.2
                Layout.alignment: Qt.AlignTop
                color: theme.surface
                border.color: theme.border
                border.width: 2
                radius: 8
                Image {
                    objectName: "cardPhoto"
                    anchors.fill: parent
                    anchors.margins: 6
                    fillMode: Image.PreserveAspectFit
                    source: card.photoUrl || ""
                    cache: false
                }
            }
            GridLayout {
                columns: 2
                columnSpacing: 24
                rowSpacing: 12
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                BodyText { text: qsTr("Full name"); color: theme.mutedText }
                BodyText { objectName: "cardName"; text: card.fullName || ""; font.bold: true; Layout.fillWidth: true }
                BodyText { text: qsTr("ID number"); color: theme.mutedText }
                BodyText { text: card.idMasked || ""; Layout.fillWidth: true }
                BodyText { text: qsTr("Date of birth"); color: theme.mutedText }
                BodyText { text: card.dateOfBirth || ""; Layout.fillWidth: true }
                BodyText { text: qsTr("Place of residence"); color: theme.mutedText }
                BodyText { text: card.placeOfResidence || ""; Layout.fillWidth: true }
                BodyText { text: qsTr("Card check"); color: theme.mutedText }
                BodyText {
                    objectName: "cardCheck"
                    Layout.fillWidth: true
                    font.bold: true
                    color: card.passive === "valid" ? theme.ok : theme.error
                    text: card.passive === "valid" ? qsTr("Genuine: the state's digital signature checks out")
                        : card.passive === "invalid" ? qsTr("Warning: the chip's data does not match its signature. Please ask a staff member.")
                        : qsTr("The chip's signature could not be verified on this kiosk.")
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 24
            BigButton {
                objectName: "notMeButton"
                kind: "secondary"
                text: qsTr("This is not me")
                Layout.fillWidth: true
                onClicked: session.finish()
            }
            BigButton {
                objectName: "confirmCardButton"
                text: qsTr("Yes, continue")
                Layout.fillWidth: true
                enabled: card.passive !== "invalid"
                onClicked: session.confirmCard()
            }
        }
    }
}
