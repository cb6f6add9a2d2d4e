import QtQuick
import QtQuick.Layouts
import ".."

// Yes or no: two big cards side by side.
FieldFrame {
    id: root
    readonly property var value: field ? field.value : null
    readonly property bool locked: !!field && field.locked === true
    function choose(v) {
        if (root.form && !root.locked) {
            root.form.setAnswer(root.path, v)
            root.form.commitField(root.path)
        }
    }
    RowLayout {
        spacing: 16
        ChoiceCard {
            objectName: "choice_" + root.path + "_yes"
            Layout.preferredWidth: theme.touchTarget * 4
            text: qsTr("Yes")
            selected: root.value === true
            hasError: root.errorText.length > 0
            onClicked: root.choose(true)
        }
        ChoiceCard {
            objectName: "choice_" + root.path + "_no"
            Layout.preferredWidth: theme.touchTarget * 4
            text: qsTr("No")
            selected: root.value === false
            hasError: root.errorText.length > 0
            onClicked: root.choose(false)
        }
    }
}
