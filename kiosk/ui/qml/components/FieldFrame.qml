import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Label, "from your ID card" badge, hint, the answer control and its inline error.
// `field` is one entry of FormViewModel.fields.
ColumnLayout {
    id: frame
    property var field: ({})
    property var form: null
    readonly property string path: field && field.path ? field.path : ""
    readonly property string errorText: field && field.error ? field.error : ""
    default property alias content: holder.data
    objectName: "field_" + path
    spacing: 10

    Flow {
        Layout.fillWidth: true
        spacing: 14
        Label {
            objectName: "label_" + frame.path
            text: frame.field && frame.field.label ? frame.field.label : ""
            font.pixelSize: theme.fontBody
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            width: Math.min(implicitWidth, frame.width)
        }
        Label {
            visible: !!frame.field && frame.field.required === false && frame.field.locked !== true
            text: qsTr("(optional)")
            font.pixelSize: theme.fontBody
            color: theme.mutedText
        }
        PrefilledBadge {
            objectName: "badge_" + frame.path
            visible: !!frame.field && frame.field.prefilled === true
        }
    }
    Label {
        visible: text.length > 0
        text: frame.field && frame.field.hint ? frame.field.hint : ""
        font.pixelSize: theme.fontSmall
        color: theme.mutedText
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    ColumnLayout {
        id: holder
        Layout.fillWidth: true
        spacing: 10
    }
    ErrorMessage {
        objectName: "error_" + frame.path
        message: frame.errorText
        Layout.fillWidth: true
    }
}
