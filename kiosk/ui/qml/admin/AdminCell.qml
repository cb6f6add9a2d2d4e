import QtQuick
import QtQuick.Controls

// One line of text in an admin table: small, wrapped, in the theme's colours.
Label {
    property bool strong: false
    property bool muted: false
    font.pixelSize: theme.fontSmall
    font.bold: strong
    color: muted ? theme.mutedText : theme.text
    wrapMode: Text.WordWrap
}
