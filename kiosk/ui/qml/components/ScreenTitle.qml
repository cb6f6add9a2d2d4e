import QtQuick
import QtQuick.Controls

Label {
    font.pixelSize: theme.fontTitle
    font.bold: true
    color: theme.text
    wrapMode: Text.WordWrap
}
