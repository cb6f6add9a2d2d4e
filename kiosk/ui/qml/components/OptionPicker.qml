import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "sheets.js" as Sheets

// Pick one option from a long list (communes, provinces, ethnicities) with an
// accent-insensitive search box: "hoan kiem" finds "Phường Hoàn Kiếm".
ModalSheet {
    id: picker
    objectName: "optionPicker"
    property var options: []  // [{value, label}]
    property var current: null
    signal picked(var value)

    // A list too long to scroll through (the wards of Hà Nội, the ethnicities) opens ready to
    // search: the keyboard comes up with it, and a few letters find the answer.
    readonly property bool searchFirst: options.length > 40
    onVisibleChanged: if (visible && searchFirst) Qt.callLater(search.forceActiveFocus)

    property string query: ""
    readonly property var shown: {
        var key = Sheets.fold(query)
        if (key.length === 0)
            return options
        return options.filter(function (o) { return Sheets.fold(o.label).indexOf(key) >= 0 })
    }

    AnswerInput {
        id: search
        objectName: "pickerSearch"
        visible: picker.options.length > 10
        Layout.fillWidth: true
        placeholderText: qsTr("Type a few letters to search")
        inputMethodHints: Qt.ImhNoPredictiveText
        Accessible.name: qsTr("Search the list")
        // The word still being composed (Telex) counts: "ha noi" finds Hà Nội before a space.
        onTextChanged: picker.query = text + preeditText
        onPreeditTextChanged: picker.query = text + preeditText
    }
    Label {
        visible: picker.shown.length === 0
        text: qsTr("Nothing found. Please check the spelling.")
        font.pixelSize: theme.fontBody
        color: theme.mutedText
    }
    ListView {
        id: list
        // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
        Component.onCompleted: viewport.follow(list)
        objectName: "pickerList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 8
        model: picker.shown
        ScrollBar.vertical: ScrollBar { width: 16; policy: ScrollBar.AlwaysOn }
        delegate: Button {
            required property var modelData
            objectName: "option_" + modelData.value
            text: modelData.label
            Accessible.name: modelData.label
            width: list.width - 28
            implicitHeight: Math.max(theme.touchTarget, optionLabel.implicitHeight + 20)
            font.pixelSize: theme.fontBody
            contentItem: Label {
                id: optionLabel
                text: modelData.label
                font.pixelSize: theme.fontBody
                font.bold: modelData.value === picker.current
                color: theme.text
                wrapMode: Text.WordWrap
                verticalAlignment: Text.AlignVCenter
                leftPadding: 8
            }
            background: Rectangle {
                radius: 10
                color: modelData.value === picker.current ? Qt.lighter(theme.focus, 1.9)
                       : (parent.down ? Qt.darker(theme.surface, 1.1) : theme.background)
                border.color: modelData.value === picker.current ? theme.focus : theme.border
                border.width: modelData.value === picker.current ? 3 : 1
            }
            onClicked: {
                picker.picked(modelData.value)
                picker.close()
            }
        }
    }
}
