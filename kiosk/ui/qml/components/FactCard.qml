import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One key fact of a procedure (fee, time, how online it is): caption, value, explanation.
Rectangle {
    id: card
    property string caption: ""
    property string value: ""
    property string detail: ""
    // Said when no official source confirms the value (issue 17): the citizen is told to
    // confirm it at the counter rather than take it as settled.
    property string caution: ""
    Layout.fillWidth: true
    Layout.preferredWidth: 1
    Layout.fillHeight: true
    implicitHeight: column.implicitHeight + 36
    radius: 14
    color: theme.surface
    border.color: theme.border
    border.width: 2
    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 18
        spacing: 6
        Label {
            text: card.caption
            font.pixelSize: theme.fontSmall
            color: theme.mutedText
        }
        Label {
            objectName: card.objectName.length > 0 ? card.objectName + "_value" : ""
            text: card.value
            font.pixelSize: theme.fontBody * 1.1
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: card.objectName.length > 0 ? card.objectName + "_detail" : ""
            visible: text.length > 0
            text: card.detail
            font.pixelSize: theme.fontSmall
            color: theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: card.objectName.length > 0 ? card.objectName + "_caution" : ""
            visible: text.length > 0
            text: card.caution
            font.pixelSize: theme.fontSmall
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
