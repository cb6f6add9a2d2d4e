import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// Free text; a several-line box when the catalogue says `multiline`.
LineAnswer {
    id: root
    readonly property bool multiline: !!field && field.multiline === true
    input.visible: !multiline

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
