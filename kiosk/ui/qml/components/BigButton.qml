import QtQuick
import QtQuick.Controls

// A large, calm button for the wizard: "primary" (filled), "secondary" (outlined) or "quiet".
Button {
    id: control
    // A volunteer's keyboard: Enter acts like a tap, as Space already does.
    Keys.onReturnPressed: control.clicked()
    Keys.onEnterPressed: control.clicked()
    property string kind: "primary"
    readonly property bool filled: kind === "primary"
    implicitHeight: Math.max(Math.round(theme.touchTarget * 1.25), label.implicitHeight + 24)
    implicitWidth: Math.max(theme.touchTarget * 3, label.implicitWidth + 56)
    font.pixelSize: theme.fontBody
    font.bold: true
    // Focus moves on release, not on press: taking it on press would end typing and hide
    // the on-screen keyboard mid-tap, shifting the layout so the release misses the button.
    focusPolicy: Qt.TabFocus
    onClicked: forceActiveFocus()
    Accessible.name: text
    contentItem: Text {
        id: label
        text: control.text
        font: control.font
        color: control.filled ? theme.primaryText : theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        opacity: control.enabled ? 1.0 : 0.45
    }
    background: Rectangle {
        radius: 14
        color: control.filled
               ? (control.down ? Qt.darker(theme.primary, 1.25) : theme.primary)
               : (control.down ? Qt.darker(theme.surface, 1.1) : theme.surface)
        border.color: control.visualFocus ? theme.focus
                      : (control.filled ? theme.primary : theme.border)
        border.width: control.visualFocus ? 5 : (control.kind === "quiet" ? 0 : 2)
        opacity: control.enabled ? 1.0 : 0.45
    }
}
