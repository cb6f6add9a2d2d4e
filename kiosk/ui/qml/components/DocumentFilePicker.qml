import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Choose a photo or PDF of a document from a USB stick (or the kiosk's document folder),
// with a preview of the chosen image before it is used.
ModalSheet {
    id: sheet
    objectName: "filePickerSheet"
    property var form: null
    property string fieldPath: ""
    property var chosen: null
    title: qsTr("Choose a file from a USB stick")

    Component.onCompleted: if (form) form.scanDocumentFiles()

    RowLayout {
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 20

        ColumnLayout {
            Layout.fillHeight: true
            Layout.fillWidth: true
            Layout.preferredWidth: 1  // the two columns share the width equally
            spacing: 12
            Label {
                visible: !!sheet.form && sheet.form.documentFilesBusy
                text: qsTr("Looking for files…")
                font.pixelSize: theme.fontBody
                color: theme.mutedText
            }
            Label {
                objectName: "noFilesMessage"
                visible: !!sheet.form && !sheet.form.documentFilesBusy
                         && sheet.form.documentFiles.length === 0
                text: qsTr("No photos or PDF files were found. Please plug in your USB stick, wait a moment and touch \"Look again\".")
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            ListView {
                id: files
                // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
                Component.onCompleted: viewport.follow(files)
                objectName: "documentFileList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: sheet.form ? sheet.form.documentFiles : []
                ScrollBar.vertical: ScrollBar { width: 16; policy: ScrollBar.AsNeeded }
                delegate: ChoiceCard {
                    required property var modelData
                    required property int index
                    objectName: "documentFile_" + index
                    width: files.width - 20
                    text: modelData.name + "\n" + modelData.folder
                    selected: sheet.chosen !== null && sheet.chosen.path === modelData.path
                    onClicked: sheet.chosen = modelData
                }
            }
            BigButton {
                objectName: "rescanFiles"
                kind: "secondary"
                text: qsTr("Look again")
                onClicked: if (sheet.form) sheet.form.scanDocumentFiles()
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            spacing: 12
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: 12
                color: theme.background
                border.color: theme.border
                border.width: 2
                Image {
                    id: preview
                    objectName: "filePreview"
                    readonly property bool loaded: status === Image.Ready
                    anchors.fill: parent
                    anchors.margins: 8
                    visible: sheet.chosen !== null && sheet.chosen.isImage
                    source: visible ? sheet.chosen.url : ""
                    sourceSize.width: 900
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                }
                Label {
                    anchors.centerIn: parent
                    width: parent.width - 32
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    visible: !preview.visible
                    text: sheet.chosen === null ? qsTr("Touch a file to see it here.")
                                                : qsTr("PDF document: %1").arg(sheet.chosen.name)
                    font.pixelSize: theme.fontBody
                    color: theme.mutedText
                }
            }
            BigButton {
                objectName: "useFile"
                Layout.fillWidth: true
                enabled: sheet.chosen !== null
                text: qsTr("Use this file")
                onClicked: {
                    sheet.form.attachFile(sheet.fieldPath, sheet.chosen.path)
                    sheet.close()
                }
            }
        }
    }
}
