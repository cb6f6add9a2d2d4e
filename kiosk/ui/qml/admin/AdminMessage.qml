import QtQuick
import QtQuick.Controls

// The result of the last action on an admin page (green when it worked, red when not).
Label {
    property QtObject page: null
    objectName: "adminMessage"
    visible: text.length > 0
    text: page ? page.message : ""
    color: page && page.messageOk ? theme.ok : theme.error
    font.pixelSize: theme.fontSmall
    font.bold: true
    wrapMode: Text.WordWrap
}
