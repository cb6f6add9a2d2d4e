import QtQuick
import QtQuick.Controls

// The kiosk's text box: tall, large type, a thick border that turns blue when focused and
// red when the answer has a problem. Works with the embedded virtual keyboard.
TextField {
    id: input
    property bool hasError: false
    implicitHeight: Math.max(theme.touchTarget, contentHeight + topPadding + bottomPadding)
    implicitWidth: theme.touchTarget * 6
    font.pixelSize: theme.fontBody
    color: theme.text
    placeholderTextColor: theme.mutedText
    selectedTextColor: theme.primaryText
    selectionColor: theme.focus
    leftPadding: 18
    rightPadding: 18
    topPadding: 10
    bottomPadding: 10
    verticalAlignment: TextInput.AlignVCenter
    background: Rectangle {
        radius: 10
        color: input.readOnly ? theme.background : theme.surface
        border.color: input.activeFocus ? theme.focus : (input.hasError ? theme.error : theme.border)
        border.width: input.activeFocus || input.hasError ? 4 : 2
    }
}
