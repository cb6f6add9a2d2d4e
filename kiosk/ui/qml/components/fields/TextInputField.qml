import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."
import "../sheets.js" as Sheets

// Free text; a several-line box when the catalogue says `multiline`. Where the answer is
// usually one of a known list (the maternity hospitals of Hà Nội), the list is offered
// first: two taps instead of thirty letters; typing stays open for any other answer.
LineAnswer {
    id: root
    readonly property bool multiline: !!field && field.multiline === true
    readonly property var suggestions: field && field.suggestions ? field.suggestions : []
    input.visible: !multiline

    function suggested(v) {
        for (var i = 0; i < suggestions.length; ++i)
            if (suggestions[i].value === v)
                return suggestions[i].label
        return ""
    }

    PickerButton {
        objectName: "suggest_" + root.path
        visible: root.suggestions.length > 0 && !root.input.readOnly
        Layout.fillWidth: true
        label: root.field && root.field.label ? root.field.label : ""
        placeholder: qsTr("Choose from the list, or type above")
        text: root.suggested(root.field ? root.field.value : null)
        onClicked: Sheets.open(suggestionPicker, root)
    }
    Component {
        id: suggestionPicker
        OptionPicker {
            title: root.field && root.field.label ? root.field.label : ""
            options: root.suggestions
            current: root.field ? root.field.value : null
            onPicked: (v) => {
                if (root.form) {
                    root.form.setAnswer(root.path, v)
                    root.form.commitField(root.path)
                }
            }
        }
    }

    TextArea {
        id: area
        objectName: "area_" + root.path
        visible: root.multiline
        Layout.fillWidth: true
        Layout.preferredHeight: theme.touchTarget * 2.5
        text: root.input.text
        font.pixelSize: theme.fontBody
        color: theme.text
        wrapMode: TextEdit.Wrap
        padding: 16
        readOnly: root.input.readOnly
        background: Rectangle {
            radius: 10
            color: theme.surface
            border.color: area.activeFocus ? theme.focus
                          : (root.errorText.length > 0 ? theme.error : theme.border)
            border.width: area.activeFocus || root.errorText.length > 0 ? 4 : 2
        }
        onTextChanged: {
            if (length > root.maxLength) {  // TextArea has no maximumLength of its own
                remove(root.maxLength, length)
                return
            }
            if (activeFocus && root.form)
                root.form.setAnswer(root.path, text)
        }
        onActiveFocusChanged: if (!activeFocus && root.form) root.form.commitField(root.path)
    }
}
