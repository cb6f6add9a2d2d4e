import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A plain-language error that says what to do; empty text hides it.
Rectangle {
    id: banner
    objectName: "errorBanner"
    property string text: ""
    visible: text.length > 0
    implicitHeight: visible ? label.implicitHeight + 32 : 0
    radius: 12
    color: theme.highContrast ? theme.background : "#fdecea"
    border.color: theme.error
    border.width: 3
    Label {
        id: label
        objectName: "errorText"
        anchors.fill: parent
        anchors.margins: 16
        text: banner.text
        wrapMode: Text.WordWrap
        color: theme.error
        font.pixelSize: theme.fontBody
        font.bold: true
    }
}
