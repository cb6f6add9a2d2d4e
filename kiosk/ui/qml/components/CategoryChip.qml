import QtQuick
import QtQuick.Controls

// A category filter on the home screen: a large rounded toggle.
AbstractButton {
    id: chip
    property bool selected: false
    implicitHeight: theme.touchTarget
    implicitWidth: Math.max(theme.touchTarget * 2, label.implicitWidth + 44)
    font.pixelSize: theme.fontSmall
    // Focus moves on release, not on press: taking it on press would end typing and hide
    // the on-screen keyboard mid-tap, shifting the layout so the release misses the button.
    focusPolicy: Qt.TabFocus
    onClicked: forceActiveFocus()
    Accessible.role: Accessible.RadioButton
    Accessible.name: text
    Accessible.checked: selected
    contentItem: Text {
        id: label
        text: chip.text
        font.pixelSize: theme.fontSmall
        font.bold: chip.selected
        color: chip.selected ? theme.primaryText : theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: height / 2
        color: chip.selected ? theme.primary : (chip.down ? Qt.darker(theme.surface, 1.1) : theme.surface)
        border.color: chip.visualFocus ? theme.focus : (chip.selected ? theme.primary : theme.border)
        border.width: chip.visualFocus ? 4 : 2
    }
}
