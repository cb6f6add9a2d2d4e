import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."
import "../sheets.js" as Sheets

// An address in the 2025 units: province, then ward/commune, then house number and street.
// An address read from the chip (pre-2025, with a district) is shown converted, for the
// citizen to confirm or, where an old ward was split, to pick among the candidates.
FieldFrame {
    id: root
    readonly property var value: field && field.value ? field.value : ({})
    readonly property var partErrors: field && field.partErrors ? field.partErrors : ({})
    readonly property var conversion: field && field.conversion ? field.conversion : null
    readonly property bool locked: !!field && field.locked === true
    readonly property var provinceCode: value.province_code !== undefined ? value.province_code : null
    readonly property var communeCode: value.commune_code !== undefined ? value.commune_code : null

    function send(changes) {
        var next = {
            "province_code": root.provinceCode,
            "commune_code": root.communeCode,
            "street": value.street !== undefined ? value.street : null
        }
        for (var k in changes)
            next[k] = changes[k]
        if (root.form)
            root.form.setAnswer(root.path, next)
    }
    function commit() { if (root.form) root.form.commitField(root.path) }
    function partName(part) {
        return root.field && root.field.label ? root.field.label + ", " + part : part
    }

    // The chip's old address and what it became.
    Rectangle {
        visible: root.conversion !== null
        Layout.fillWidth: true
        implicitHeight: convColumn.implicitHeight + 32
        radius: 14
        color: theme.infoFill
        border.color: theme.focus
        border.width: 2
        ColumnLayout {
            id: convColumn
            anchors.fill: parent
            anchors.margins: 16
            spacing: 10
            Label {
                text: qsTr("On your ID card (before the July 2025 reform):")
                font.pixelSize: theme.fontSmall
                color: theme.mutedText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label {
                objectName: "chipAddress_" + root.path
                text: root.conversion ? root.conversion.original : ""
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label {
                text: {
                    if (!root.conversion)
                        return ""
                    if (root.conversion.status === "matched")
                        return qsTr("With the new administrative units it is the address below. Please check it.")
                    if (root.conversion.status === "ambiguous")
                        return qsTr("Your old ward now belongs to one of these. Please touch the right one:")
                    return qsTr("We could not convert it automatically. Please choose your province and ward below.")
                }
                font.pixelSize: theme.fontBody
                font.bold: true
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Repeater {
                model: root.conversion && root.conversion.status === "ambiguous"
                       ? root.conversion.candidates : []
                ChoiceCard {
                    required property var modelData
                    required property int index
                    objectName: "candidate_" + root.path + "_" + index
                    Layout.fillWidth: true
                    text: modelData.label
                    selected: root.communeCode === modelData.value.commune_code
                    onClicked: {
                        if (root.form) {
                            root.form.setAnswer(root.path, modelData.value)
                            root.commit()
                        }
                    }
                }
            }
        }
    }

    // "Same as the father's residence": one tap instead of a province, a ward and a street.
    Repeater {
        model: !root.locked && root.field && root.field.sameAs ? root.field.sameAs : []
        BigButton {
            required property var modelData
            required property int index
            objectName: "sameAs_" + root.path + "_" + index
            kind: "secondary"
            Layout.fillWidth: true
            text: qsTr("Same as: %1").arg(modelData.label) + "\n" + modelData.text
            onClicked: {
                // Locals first: the answer rebuilds the form, and this button goes with it.
                var form = root.form
                var path = root.path
                if (form) {
                    form.setAnswer(path, modelData.value)
                    form.commitField(path)
                }
            }
        }
    }

    GridLayout {
        Layout.fillWidth: true
        columns: 2
        columnSpacing: 18
        rowSpacing: 8
        Label {
            text: qsTr("Province / city")
            font.pixelSize: theme.fontBody
            color: theme.text
        }
        PickerButton {
            objectName: "province_" + root.path
            label: root.partName(qsTr("Province / city"))
            Layout.fillWidth: true
            enabled: !root.locked
            hasError: !!root.partErrors.province_code
            text: root.value.province_name ? root.value.province_name : ""
            onClicked: Sheets.open(provincePicker, root)
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.province_code }
        ErrorMessage {
            message: root.partErrors.province_code || ""
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Ward / commune")
            font.pixelSize: theme.fontBody
            color: theme.text
        }
        PickerButton {
            objectName: "commune_" + root.path
            label: root.partName(qsTr("Ward / commune"))
            Layout.fillWidth: true
            enabled: !root.locked && root.provinceCode !== null
            hasError: !!root.partErrors.commune_code
            text: root.value.commune_name ? root.value.commune_name : ""
            placeholder: root.provinceCode !== null ? qsTr("Touch to choose")
                                                    : qsTr("Choose the province first")
            onClicked: Sheets.open(communePicker, root)
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.commune_code }
        ErrorMessage {
            message: root.partErrors.commune_code || ""
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("House number, street")
            font.pixelSize: theme.fontBody
            color: theme.text
        }
        AnswerInput {
            objectName: "input_" + root.path + ".street"
            Layout.fillWidth: true
            text: root.value.street ? String(root.value.street) : ""
            readOnly: root.locked
            hasError: !!root.partErrors.street
            Accessible.name: root.partName(qsTr("House number, street"))
            // As LineAnswer: a Telex word finished after focus left is the citizen's too.
            onTextChanged: if (activeFocus || text !== (root.value.street ? String(root.value.street) : ""))
                               root.send({"street": text})
            onEditingFinished: root.commit()
        }
        Item { implicitWidth: 1; visible: !!root.partErrors.street }
        ErrorMessage {
            objectName: "error_" + root.path + ".street"
            message: root.partErrors.street || ""
            Layout.fillWidth: true
        }
    }

    Component {
        id: provincePicker
        OptionPicker {
            title: qsTr("Province / city")
            options: root.form ? root.form.provinces() : []
            current: root.provinceCode
            onPicked: (v) => {
                if (v !== root.provinceCode)
                    root.send({"province_code": v, "commune_code": null})
            }
        }
    }
    Component {
        id: communePicker
        OptionPicker {
            title: qsTr("Ward / commune")
            options: root.form && root.provinceCode !== null ? root.form.communes(root.provinceCode) : []
            current: root.communeCode
            onPicked: (v) => { root.send({"commune_code": v}); root.commit() }
        }
    }
}
