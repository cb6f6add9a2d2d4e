import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A large card to tap for one option: a round mark (one answer) or a square mark (several).
AbstractButton {
    id: card
    // A volunteer's keyboard: Enter acts like a tap, as Space already does.
    Keys.onReturnPressed: card.clicked()
    Keys.onEnterPressed: card.clicked()
    property bool multi: false
    property bool selected: false
    property bool hasError: false
    implicitHeight: Math.max(Math.round(theme.touchTarget * 1.2), row.implicitHeight + 24)
    implicitWidth: Math.max(theme.touchTarget * 4, row.implicitWidth + 40)
    font.pixelSize: theme.fontBody
    // Focus moves on release, not on press: taking it on press would end typing and hide
    // the on-screen keyboard mid-tap, shifting the layout so the release misses the button.
    focusPolicy: Qt.TabFocus
    onClicked: forceActiveFocus()
    Accessible.role: multi ? Accessible.CheckBox : Accessible.RadioButton
    Accessible.name: text
    Accessible.checked: selected

    background: Rectangle {
        radius: 14
        // Chosen is blue (never red: red means a problem on these screens).
        color: card.selected ? theme.selectedFill
                             : (card.down ? Qt.darker(theme.surface, 1.08) : theme.surface)
        border.color: card.selected || card.visualFocus ? theme.focus
                      : (card.hasError ? theme.error : theme.border)
        border.width: card.selected || card.visualFocus ? 4 : 2
    }
    contentItem: RowLayout {
        id: row
        spacing: 18
        Rectangle {
            Layout.leftMargin: 8
            implicitWidth: Math.round(theme.touchTarget * 0.55)
            implicitHeight: implicitWidth
            radius: card.multi ? 8 : width / 2
            color: theme.surface
            border.color: card.selected ? theme.focus : theme.mutedText
            border.width: 3
            Rectangle {
                visible: card.selected && !card.multi
                anchors.centerIn: parent
                width: parent.width * 0.55
                height: width
                radius: width / 2
                color: theme.focus
            }
            Label {
                visible: card.selected && card.multi
                anchors.centerIn: parent
                text: "✓"
                color: theme.focus
                font.pixelSize: theme.fontBody
                font.bold: true
            }
        }
        Label {
            text: card.text
            font: card.font
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            verticalAlignment: Text.AlignVCenter
        }
    }
}
