import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The card left the reader mid-application: go on with what was read, or end here.
Rectangle {
    objectName: "cardRemovedDialog"
    visible: session.askCardRemoved
    color: "#cc000000"
    z: 190
    MouseArea { anchors.fill: parent }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 900)
        height: column.implicitHeight + 64
        radius: 20
        color: theme.surface
        border.color: theme.primary
        border.width: 4
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 32
            spacing: 24
            Label {
                text: qsTr("Your ID card was taken off the reader")
                font.pixelSize: theme.fontTitle
                font.bold: true
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("You can finish your application with what was already read, or end the session now. Ending erases everything you entered.")
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 24
                BigButton {
                    objectName: "endAfterRemovalButton"
                    kind: "secondary"
                    text: qsTr("End the session")
                    Layout.fillWidth: true
                    onClicked: session.finish()
                }
                BigButton {
                    objectName: "continueAfterRemovalButton"
                    text: qsTr("Continue without the card")
                    Layout.fillWidth: true
                    onClicked: session.continueWithoutCardAfterRemoval()
                }
            }
        }
    }
}
