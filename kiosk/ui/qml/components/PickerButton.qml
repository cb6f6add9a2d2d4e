import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Shows the chosen option of a long list and opens the list to change it (like a
// drop-down, but a big one). `text` is the choice, or empty for none yet.
AbstractButton {
    id: box
    property string placeholder: qsTr("Touch to choose")
    property string label: ""  // what is being chosen ("Ward / commune"), for screen readers
    property bool hasError: false
    implicitHeight: Math.max(theme.touchTarget, row.implicitHeight + 20)
    implicitWidth: theme.touchTarget * 6
    // Focus moves on release, not on press: taking it on press would end typing and hide
    // the on-screen keyboard mid-tap, shifting the layout so the release misses the button.
    focusPolicy: Qt.TabFocus
    onClicked: forceActiveFocus()
    Accessible.role: Accessible.ComboBox
    Accessible.name: (label ? label + ": " : "") + (text.length > 0 ? text : placeholder)
    // A combo box gets no "Press" action of its own: give it one, so a screen reader or
    // a switch can open the list as a tap does.
    Accessible.onPressAction: box.clicked()
    background: Rectangle {
        radius: 10
        color: box.enabled ? (box.down ? Qt.darker(theme.surface, 1.08) : theme.surface)
                           : "transparent"
        border.color: box.visualFocus ? theme.focus : (box.hasError ? theme.error : theme.border)
        border.width: box.visualFocus || box.hasError ? 4 : 2
    }
    contentItem: RowLayout {
        id: row
        spacing: 12
        Label {
            text: box.text.length > 0 ? box.text : box.placeholder
            font.pixelSize: theme.fontBody
            font.bold: box.text.length > 0
            color: box.text.length > 0 ? theme.text : theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            Layout.leftMargin: 8
        }
        Label {
            visible: box.enabled
            text: box.text.length > 0 ? qsTr("Change") + " ▾" : "▾"
            font.pixelSize: theme.fontSmall
            font.bold: true
            color: theme.focus
            Layout.rightMargin: 8
        }
    }
}
