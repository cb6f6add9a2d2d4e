import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Decree 13/2023/ND-CP: clear, affirmative consent before the chip is read.
Page {
    objectName: "consentScreen"
    background: Rectangle { color: theme.background }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 20

        ScreenTitle {
            text: qsTr("May the kiosk read your ID card?")
            Layout.fillWidth: true
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: theme.surface
            border.color: theme.border
            border.width: 2
            radius: 12
            Flickable {
                anchors.fill: parent
                anchors.margins: 20
                contentHeight: consentText.implicitHeight
                clip: true
                BodyText {
                    id: consentText
                    objectName: "consentText"
                    width: parent.width
                    text: qsTr("To fill in your application, the kiosk reads from the chip of your citizen ID card: your name, ID number, date and place of birth, gender, nationality, ethnicity, religion, place of origin, place of residence, parents' and spouse's names, the card's dates, and your photo.\n\n• It is used only for this application and sent only to the agency that handles it.\n• The chip is checked to be genuine (the state's digital signature).\n• Nothing about you stays on this kiosk after you finish: only the application you confirm is kept until it has been delivered.\n• You can decline and type your information yourself instead.\n\nLegal basis: Decree 13/2023/ND-CP on personal data protection.")
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 24
            BigButton {
                objectName: "declineButton"
                kind: "secondary"
                text: qsTr("No, I will type it myself")
                Layout.fillWidth: true
                onClicked: session.giveConsent(false)
            }
            BigButton {
                objectName: "agreeButton"
                text: qsTr("I agree, read my card")
                Layout.fillWidth: true
                onClicked: session.giveConsent(true)
            }
        }
    }
}
