import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// Several answers: big cards with a square tick mark.
FieldFrame {
    id: root
    readonly property var choices: field && field.choices ? field.choices : []
    readonly property var value: field && field.value ? field.value : []
    readonly property bool locked: !!field && field.locked === true

    function toggle(v) {
        if (!root.form || root.locked)
            return
        var next = []
        var found = false
        for (var i = 0; i < value.length; ++i) {
            if (value[i] === v) found = true
            else next.push(value[i])
        }
        if (!found)
            next.push(v)
        root.form.setAnswer(root.path, next)
        root.form.commitField(root.path)
    }

    Label {
        text: qsTr("You may choose more than one.")
        font.pixelSize: theme.fontSmall
        color: theme.mutedText
    }
    GridLayout {
        Layout.fillWidth: true
        columns: root.choices.length > 3 ? 2 : 1
        rowSpacing: 12
        columnSpacing: 12
        Repeater {
            model: root.choices
            ChoiceCard {
                required property var modelData
                objectName: "choice_" + root.path + "_" + modelData.value
                Layout.fillWidth: true
                multi: true
                text: modelData.label
                selected: root.value.indexOf(modelData.value) >= 0
                hasError: root.errorText.length > 0
                onClicked: root.toggle(modelData.value)
            }
        }
    }
}
