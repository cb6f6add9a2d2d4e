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

    AnswerInput {
        id: box
        objectName: "input_" + root.path
        Layout.fillWidth: root.boxWidth <= 0
        Layout.preferredWidth: root.boxWidth > 0 ? root.boxWidth : -1
        text: root.field && root.field.value !== undefined && root.field.value !== null
              ? String(root.field.value) : ""
        readOnly: !!root.field && root.field.locked === true
        hasError: root.errorText.length > 0
        inputMethodHints: root.hints
        maximumLength: root.maxLength
        placeholderText: root.placeholder
        Accessible.name: root.field && root.field.label ? root.field.label : ""
        onTextChanged: if (activeFocus && root.form) root.form.setAnswer(root.path, text)
        onEditingFinished: if (root.form) root.form.commitField(root.path)
    }
}
