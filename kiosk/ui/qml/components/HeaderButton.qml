import QtQuick
import QtQuick.Controls

Button {
    id: control
    // A volunteer's keyboard: Enter acts like a tap, as Space already does.
    Keys.onReturnPressed: control.clicked()
    Keys.onEnterPressed: control.clicked()
    property bool selected: false
    implicitHeight: theme.touchTarget
    implicitWidth: Math.max(theme.touchTarget * 1.6, contentItem.implicitWidth + 32)
    font.pixelSize: theme.fontSmall
    contentItem: Text {
        text: control.text
        font: control.font
        color: control.selected ? theme.primary : theme.primaryText
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 10
        color: control.selected ? theme.primaryText : "transparent"
        border.color: theme.primaryText
        border.width: control.activeFocus ? 4 : 2
    }
}
