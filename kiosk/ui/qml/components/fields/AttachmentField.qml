import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."
import "../sheets.js" as Sheets

// A document to hand in: photograph it with the camera or take a file from a USB stick.
// Once attached it shows a preview, with a way to replace or remove it.
FieldFrame {
    id: root
    readonly property var value: field && field.value ? field.value : null
    readonly property bool busy: !!field && field.busy === true

    RowLayout {
        visible: root.value !== null
        Layout.fillWidth: true
        spacing: 18
        Rectangle {
            implicitWidth: theme.touchTarget * 2.4
            implicitHeight: theme.touchTarget * 1.8
            radius: 8
            color: theme.background
            border.color: theme.border
            border.width: 2
            Image {
                anchors.fill: parent
                anchors.margins: 4
                visible: !!root.value && root.value.media_type !== "application/pdf"
                source: visible && root.field.preview ? root.field.preview : ""
                sourceSize.width: 300
                fillMode: Image.PreserveAspectFit
                asynchronous: true
                cache: false
            }
            Label {
                anchors.centerIn: parent
                visible: !!root.value && root.value.media_type === "application/pdf"
                text: "PDF"
                font.pixelSize: theme.fontTitle
                font.bold: true
                color: theme.primary
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 6
            Label {
                objectName: "attached_" + root.path
                text: "✓ " + qsTr("Document attached")
                font.pixelSize: theme.fontBody
                font.bold: true
                color: theme.ok
            }
            Label {
                text: root.value && root.value.name ? root.value.name : ""
                font.pixelSize: theme.fontSmall
                color: theme.mutedText
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
        }
        BigButton {
            objectName: "removeAttachment_" + root.path
            kind: "secondary"
            text: qsTr("Remove")
            onClicked: if (root.form) root.form.removeAttachment(root.path)
        }
    }
    Label {
        visible: root.busy
        text: qsTr("Copying the file…")
        font.pixelSize: theme.fontBody
        color: theme.mutedText
    }
    // The ways to hand a paper in, wrapping onto a second line on a narrow screen.
    Flow {
        Layout.fillWidth: true
        spacing: 16
        BigButton {
            objectName: "camera_" + root.path
            enabled: !root.busy
            kind: root.value === null ? "primary" : "secondary"
            text: root.value === null ? qsTr("Take a photo") : qsTr("Take a new photo")
            onClicked: Sheets.open(cameraComponent, root)
        }
        BigButton {
            objectName: "file_" + root.path
            enabled: !root.busy
            kind: "secondary"
            text: qsTr("Use a file from USB")
            onClicked: Sheets.open(fileComponent, root)
        }
        // Demo mode: no camera or USB stick needed to finish. The paper is stamped SAMPLE.
        BigButton {
            objectName: "samplePaper_" + root.path
            visible: !!root.field && !!root.field.samplePaper && root.value === null
            enabled: !root.busy
            kind: "secondary"
            text: qsTr("Use the sample paper (demo)")
            Accessible.description: qsTr("Attaches a sample picture marked SAMPLE, for trying the kiosk")
            onClicked: if (root.form) root.form.attachFile(root.path, root.field.samplePaper)
        }
    }
    Component {
        id: cameraComponent
        CameraCapture {
            form: root.form
            fieldPath: root.path
            onFileRouteRequested: Qt.callLater(function () { Sheets.open(fileComponent, root) })
        }
    }
    Component {
        id: fileComponent
        DocumentFilePicker {
            form: root.form
            fieldPath: root.path
        }
    }
}
