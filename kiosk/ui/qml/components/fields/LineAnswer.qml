import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// A one-line answer: the base of text, number, phone, e-mail and ID-number fields. Every
// keystroke goes to the view-model (which keeps what was typed); leaving the box shows
// its problems.
FieldFrame {
    id: root
    property int hints: Qt.ImhNone
    // The catalogue's limit (the engine refuses longer answers anyway): a stuck key or a
    // scanner reading into the box cannot grow it without end.
    property int maxLength: field && field.maxLength ? field.maxLength : 200
    property string placeholder: ""
    property real boxWidth: 0  // 0 = full width
    property alias input: box
    readonly property string modelText: root.field && root.field.value !== undefined
                                        && root.field.value !== null
                                        ? String(root.field.value) : ""

    AnswerInput {
        id: box
        objectName: "input_" + root.path
        Layout.fillWidth: root.boxWidth <= 0
        Layout.preferredWidth: root.boxWidth > 0 ? root.boxWidth : -1
        text: root.modelText
        readOnly: !!root.field && root.field.locked === true
        hasError: root.errorText.length > 0
        inputMethodHints: root.hints
        maximumLength: root.maxLength
        placeholderText: root.placeholder
        Accessible.name: root.field && root.field.label ? root.field.label : ""
        // Any change that is not the answer's own echo is the citizen's: also the Telex word
        // finished just after the box lost focus (a screen reader's "press" on another
        // control moves focus first, then the word is committed).
        onTextChanged: if (root.form && (activeFocus || text !== root.modelText))
                           root.form.setAnswer(root.path, text)
        onEditingFinished: if (root.form) root.form.commitField(root.path)
    }
}
