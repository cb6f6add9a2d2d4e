import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"
import "../components/fields"

// One question group per screen: title, progress, the group's fields (inline messages,
// "from your ID card" badges), and big Back / Next buttons. The state is all in `form`
// (kiosk.ui.form_vm.FormViewModel); this screen only shows it.
Page {
    id: page
    objectName: "wizardScreen"
    readonly property bool overlayHost: true
    property var form: null
    readonly property bool ready: !!form && form.active
    readonly property bool lastStep: ready && form.stepIndex === form.stepCount - 1
    // With the on-screen keyboard up the page is short: the title row makes way for the field.
    readonly property bool compact: height < theme.touchTarget * 9

    signal reviewRequested()
    signal cancelled()

    background: Rectangle { color: theme.background }

    Connections {
        target: page.form ? page.form : null
        ignoreUnknownSignals: true
        function onReviewReady() { page.reviewRequested() }
        function onNextRefused(path) { Qt.callLater(page.revealField, path) }
        function onStepChanged() {
            if (page.shownStep !== page.form.stepId) {
                page.shownStep = page.form.stepId
                flick.contentY = 0
                focusSink.forceActiveFocus()  // ends typing and hides the keyboard
            }
        }
    }
    property string shownStep: ""
    onFormChanged: shownStep = form && form.active ? form.stepId : ""

    // Keep the box being typed in visible above the on-screen keyboard.
    Connections {
        target: page.Window.window
        ignoreUnknownSignals: true
        function onActiveFocusItemChanged() { Qt.callLater(page.reveal, page.Window.activeFocusItem) }
    }
    function reveal(item) {
        if (!item)
            return
        var p = item
        var frame = null  // the whole field (label, box, message) when it fits
        while (p && p !== flick.contentItem) {
            if (!frame && p.objectName && p.objectName.indexOf("field_") === 0)
                frame = p
            p = p.parent
        }
        if (!p)
            return
        if (frame && frame.height + 48 <= flick.height)
            item = frame
        var pos = item.mapToItem(flick.contentItem, 0, 0)
        var top = pos.y - 24
        var bottom = pos.y + item.height + 24
        var maxY = Math.max(0, flick.contentHeight - flick.height)
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(maxY, bottom - flick.height)
    }
    function findNamed(item, name) {
        if (item.objectName === name)
            return item
        for (var i = 0; i < item.children.length; ++i) {
            var found = findNamed(item.children[i], name)
            if (found)
                return found
        }
        return null
    }
    function revealField(path) {
        var item = findNamed(column, "field_" + path)
        if (!item)
            return
        var pos = item.mapToItem(flick.contentItem, 0, 0)
        flick.contentY = Math.max(0, Math.min(Math.max(0, flick.contentHeight - flick.height), pos.y - 24))
    }

    // Taking focus here (a plain Item, not a focus scope) ends any typing.
    Item {
        id: focusSink
        objectName: "wizardFocusSink"
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: 40
        anchors.rightMargin: 40
        anchors.topMargin: page.compact ? 8 : 20
        anchors.bottomMargin: 16
        spacing: 14

        RowLayout {
            visible: !page.compact
            Layout.fillWidth: true
            spacing: 24
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                Label {
                    text: page.ready ? page.form.serviceName : ""
                    font.pixelSize: theme.fontSmall
                    color: theme.mutedText
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "stepTitle"
                    text: page.ready ? page.form.stepTitle : ""
                    font.pixelSize: theme.fontTitle
                    font.bold: true
                    color: theme.text
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
            StepProgress {
                Layout.preferredWidth: theme.touchTarget * 5
                Layout.alignment: Qt.AlignBottom
                index: page.ready ? page.form.stepIndex : 0
                count: page.ready ? page.form.stepCount : 1
            }
        }

        Flickable {
            id: flick
            // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
            Component.onCompleted: viewport.follow(flick)
            objectName: "wizardFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: column.implicitHeight + 32
            boundsBehavior: Flickable.StopAtBounds
            // The keyboard appearing (or the title row folding away) changes the height.
            onHeightChanged: Qt.callLater(page.reveal, page.Window.activeFocusItem)
            ScrollBar.vertical: ScrollBar {
                width: 14
                policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            ColumnLayout {
                id: column
                width: flick.width - 36
                spacing: 30

                Label {
                    visible: text.length > 0
                    text: page.ready ? page.form.stepHint : ""
                    font.pixelSize: theme.fontBody
                    color: theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                }
                Repeater {
                    model: page.ready ? page.form.fieldModel : null
                    FieldLoader {
                        required field
                        form: page.form
                        Layout.fillWidth: true
                    }
                }
                Label {
                    visible: page.ready && page.form.repeat.isRepeat === true && page.form.repeat.count === 0
                    text: qsTr("Nothing added yet. If you need to, touch the button below.")
                    font.pixelSize: theme.fontBody
                    color: theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                BigButton {
                    objectName: "addRepeat"
                    visible: page.ready && page.form.repeat.isRepeat === true && page.form.repeat.canAdd === true
                    kind: "secondary"
                    text: "+ " + (page.ready && page.form.repeat.addLabel ? page.form.repeat.addLabel : "")
                    onClicked: page.form.addRepeat(page.form.repeat.groupId)
                }
                ErrorMessage {
                    objectName: "wizardMessage"
                    message: page.ready ? page.form.message : ""
                    Layout.fillWidth: true
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 2
            color: theme.border
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 24
            BigButton {
                objectName: "wizardBack"
                kind: "secondary"
                text: page.ready && page.form.canGoBack ? "‹  " + qsTr("Back") : qsTr("Cancel")
                Layout.preferredWidth: theme.touchTarget * 4
                onClicked: {
                    if (!page.ready || !page.form.back())
                        page.cancelled()
                }
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "wizardNext"
                enabled: page.ready
                text: page.lastStep ? qsTr("Check my answers") + "  ›" : qsTr("Next") + "  ›"
                Layout.preferredWidth: theme.touchTarget * 6
                onClicked: {
                    focusSink.forceActiveFocus()  // finishes the edit in progress first
                    page.form.next()
                }
            }
        }
    }
}
