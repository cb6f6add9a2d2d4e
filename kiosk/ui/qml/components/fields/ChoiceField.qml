import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."
import "../sheets.js" as Sheets

// One answer from a list: big radio cards, or a search list when there are many options.
FieldFrame {
    id: root
    readonly property var choices: field && field.choices ? field.choices : []
    readonly property var value: field ? field.value : null
    readonly property bool long: choices.length > 8
    readonly property bool locked: !!field && field.locked === true
    readonly property bool shortLabels: choices.every(function (c) { return c.label.length <= 22 })

    function labelOf(v) {
        for (var i = 0; i < choices.length; ++i)
            if (choices[i].value === v)
                return choices[i].label
        return ""
    }
    function choose(v) {
        if (root.form && !root.locked) {
            root.form.setAnswer(root.path, v)
            root.form.commitField(root.path)
        }
    }

    GridLayout {
        visible: !root.long
        Layout.fillWidth: true
        columns: root.shortLabels && root.choices.length > 2 ? 2 : 1
        rowSpacing: 12
        columnSpacing: 12
        Repeater {
            model: root.long ? [] : root.choices
            ChoiceCard {
                required property var modelData
                objectName: "choice_" + root.path + "_" + modelData.value
                Layout.fillWidth: true
                text: modelData.label
                selected: root.value === modelData.value
                hasError: root.errorText.length > 0
                enabled: !root.locked || selected
                onClicked: root.choose(modelData.value)
            }
        }
    }
    PickerButton {
        objectName: "select_" + root.path
        label: root.field && root.field.label ? root.field.label : ""
        visible: root.long
        Layout.fillWidth: true
        hasError: root.errorText.length > 0
        enabled: !root.locked
        text: root.labelOf(root.value)
        onClicked: Sheets.open(pickerComponent, root)
    }
    Component {
        id: pickerComponent
        OptionPicker {
            title: root.field && root.field.label ? root.field.label : ""
            options: root.choices
            current: root.value
            onPicked: (v) => root.choose(v)
        }
    }
}
