import QtQuick
import QtQuick.Layouts

// Shows one entry of FormViewModel.fields with the component for its type.
Loader {
    id: loader
    property var field: ({})
    property var form: null
    readonly property var sources: ({
        "text": "TextInputField.qml",
        "number": "NumberField.qml",
        "date": "DateField.qml",
        "choice": "ChoiceField.qml",
        "multi_choice": "MultiChoiceField.qml",
        "yes_no": "YesNoField.qml",
        "phone": "PhoneField.qml",
        "email": "EmailField.qml",
        "id12": "Id12Field.qml",
        "address": "AddressField.qml",
        "person": "PersonField.qml",
        "attachment": "AttachmentField.qml",
        "signature": "SignatureField.qml",
        "consent": "ConsentField.qml",
        "note": "NoteField.qml",
        "repeat_item": "RepeatItemHeader.qml"
    })
    source: field && sources[field.type] ? Qt.resolvedUrl(sources[field.type]) : ""
    Binding {
        target: loader.item
        property: "field"
        value: loader.field
        when: loader.status === Loader.Ready
    }
    Binding {
        target: loader.item
        property: "form"
        value: loader.form
        when: loader.status === Loader.Ready
    }
}
