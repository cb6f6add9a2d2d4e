import QtQuick
import QtQuick.Layouts
import ".."

// A date answer: day and month from big grids, the year typed on the number pad.
FieldFrame {
    id: root
    DateInput {
        namePrefix: "date_" + root.path
        label: root.field && root.field.label ? root.field.label : ""
        value: root.field && root.field.value ? String(root.field.value) : ""
        readOnly: !!root.field && root.field.locked === true
        defaultYear: root.field && root.field.defaultYear ? root.field.defaultYear : ""
        hasError: root.errorText.length > 0
        onEdited: (text) => { if (root.form) root.form.setAnswer(root.path, text) }
        onFinished: if (root.form) root.form.commitField(root.path)
    }
}
