import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// The 12-digit personal ID number, with a count of the digits typed so far.
LineAnswer {
    id: root
    hints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
    maxLength: 12
    boxWidth: theme.touchTarget * 6
    Label {
        readonly property int digits: root.input.text.replace(/[^0-9]/g, "").length
        visible: !root.input.readOnly
        text: qsTr("%1 of 12 digits").arg(digits)
        font.pixelSize: theme.fontSmall
        color: digits === 12 ? theme.ok : theme.mutedText
    }
}
