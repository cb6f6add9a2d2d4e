import QtQuick
import QtQuick.Controls

// Marks an answer that was read from the citizen's chip ID card.
Rectangle {
    id: badge
    implicitWidth: text.implicitWidth + 28
    implicitHeight: text.implicitHeight + 12
    radius: height / 2
    color: theme.okFill
    border.color: theme.ok
    border.width: 2
    Accessible.name: text.text
    Label {
        id: text
        anchors.centerIn: parent
        text: "✓ " + qsTr("From your ID card")
        color: theme.ok
        font.pixelSize: theme.fontSmall
        font.bold: true
    }
}
