import QtQuick
import QtQuick.Controls

Label {
    font.pixelSize: theme.fontBody
    color: theme.text
    wrapMode: Text.WordWrap
    lineHeight: 1.15
}
