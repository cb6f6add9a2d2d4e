import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."
import "../sheets.js" as Sheets

// A person: full name, 12-digit ID number and date of birth, each with its own message.
FieldFrame {
    id: root
    readonly property var value: field && field.value ? field.value : ({})
    readonly property var partErrors: field && field.partErrors ? field.partErrors : ({})
    readonly property bool locked: !!field && field.locked === true
    property var parts: ({})

    function text(key) {
        var v = root.value[key]
        return v === undefined || v === null ? "" : String(v)
    }
    function send(key, v) {
        var next = {
            "full_name": root.value.full_name !== undefined ? root.value.full_name : null,
            "id_number": root.value.id_number !== undefined ? root.value.id_number : null,
            "date_of_birth": root.value.date_of_birth !== undefined ? root.value.date_of_birth : null
        }
        next[key] = v
        if (root.form)
            root.form.setAnswer(root.path, next)
    }
    function commit() { if (root.form) root.form.commitField(root.path) }
    // "Mother, Full name": which person, and which part of them, for screen readers.
    function partName(part) {
        return root.field && root.field.label ? root.field.label + ", " + part : part
    }

    // The person is here with their own card: one tap, their consent, and the chip fills
    // them in (no 12 digits and a birth date to type).
    BigButton {
        objectName: "otherCard_" + root.path
        visible: !!root.field && root.field.ownCard === true && typeof session !== "undefined"
        kind: "secondary"
        text: qsTr("Read this person's ID card")
        Accessible.name: root.field && root.field.label
                         ? root.field.label + ", " + qsTr("Read this person's ID card")
                         : qsTr("Read this person's ID card")
        Layout.fillWidth: true
        onClicked: Sheets.open(otherCardComponent, root, {
            "path": root.path, "personLabel": root.field.label})
    }
    Component {
        id: otherCardComponent
        OtherCardSheet {}
    }

    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: 18
        rowSpacing: 8
        Label {
            text: qsTr("Full name")
            font.pixelSize: theme.fontBody
            color: theme.text
        }
        AnswerInput {
            objectName: "input_" + root.path + ".full_name"
            Layout.fillWidth: true
            text: root.text("full_name")
            readOnly: root.locked
            hasError: !!root.partErrors.full_name
            inputMethodHints: Qt.ImhNoPredictiveText
            Accessible.name: root.partName(qsTr("Full name"))
            // As LineAnswer: a Telex word finished after focus left is the citizen's too.
            onTextChanged: if (activeFocus || text !== root.text("full_name"))
                               root.send("full_name", text)
            onEditingFinished: root.commit()
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.full_name }
        ErrorMessage {
            objectName: "error_" + root.path + ".full_name"
            message: root.partErrors.full_name || ""
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("ID number")
            font.pixelSize: theme.fontBody
            color: theme.text
        }
        AnswerInput {
            objectName: "input_" + root.path + ".id_number"
            Layout.preferredWidth: theme.touchTarget * 6
            text: root.text("id_number")
            readOnly: root.locked
            maximumLength: 12
            hasError: !!root.partErrors.id_number
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhNoPredictiveText
            placeholderText: root.field && root.field.idRequired === false ? qsTr("if they have one") : ""
            Accessible.name: root.partName(qsTr("ID number"))
            onTextChanged: if (activeFocus) root.send("id_number", text)
            onEditingFinished: root.commit()
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.id_number }
        ErrorMessage {
            objectName: "error_" + root.path + ".id_number"
            message: root.partErrors.id_number || ""
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Date of birth")
            font.pixelSize: theme.fontBody
            color: theme.text
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: theme.fontSmall + 12
        }
        DateInput {
            namePrefix: "date_" + root.path + ".date_of_birth"
            label: root.partName(qsTr("Date of birth"))
            value: root.text("date_of_birth")
            readOnly: root.locked
            hasError: !!root.partErrors.date_of_birth
            onEdited: (text) => root.send("date_of_birth", text)
            onFinished: root.commit()
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.date_of_birth }
        ErrorMessage {
            objectName: "error_" + root.path + ".date_of_birth"
            message: root.partErrors.date_of_birth || ""
            Layout.fillWidth: true
        }
    }
}
