import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// The statement the citizen agrees to, in full, and one clear tick to agree.
FieldFrame {
    id: root
    readonly property bool agreed: !!field && field.value === true
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: statement.implicitHeight + 32
        radius: 12
        color: theme.background
        border.color: theme.border
        border.width: 2
        Label {
            id: statement
            anchors.fill: parent
            anchors.margins: 16
            text: root.field && root.field.statement ? root.field.statement : ""
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
        }
    }
    ChoiceCard {
        objectName: "consent_" + root.path
        Layout.fillWidth: true
        multi: true
        text: qsTr("I have read this and I agree")
        selected: root.agreed
        hasError: root.errorText.length > 0
        onClicked: if (root.form) {
            root.form.setAnswer(root.path, !root.agreed)
            root.form.commitField(root.path)
        }
    }
}
