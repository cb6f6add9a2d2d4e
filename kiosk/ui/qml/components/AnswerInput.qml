import QtQuick
import QtQuick.Controls

// The kiosk's text box: tall, large type, a thick border that turns blue when focused and
// red when the answer has a problem. Works with the embedded virtual keyboard.
TextField {
    id: input
    property bool hasError: false
    // Every box has an end: 200 characters unless the box says otherwise (a stuck key, or a
    // scanner reading a long code into it, must not freeze the screen).
    maximumLength: 200
    implicitHeight: Math.max(theme.touchTarget, contentHeight + topPadding + bottomPadding)
    implicitWidth: theme.touchTarget * 6
    font.pixelSize: theme.fontBody
    font.bold: readOnly
    color: theme.text
    placeholderTextColor: theme.mutedText
    selectedTextColor: theme.primaryText
    selectionColor: theme.focus
    leftPadding: readOnly ? 0 : 18
    rightPadding: 18
    topPadding: 10
    bottomPadding: 10
    verticalAlignment: TextInput.AlignVCenter
    background: Rectangle {
        radius: 10
        // Read-only (e.g. locked to the chip): no box, so it does not invite typing.
        color: input.readOnly ? "transparent" : theme.surface
        border.color: input.activeFocus ? theme.focus : (input.hasError ? theme.error : theme.border)
        border.width: input.readOnly ? 0 : (input.activeFocus || input.hasError ? 4 : 2)
    }
}
