import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia

// Photograph a document with the kiosk's camera. Without a camera it says so and offers
// the file route instead (`fileRouteRequested`).
ModalSheet {
    id: sheet
    objectName: "cameraSheet"
    property var form: null
    property string fieldPath: ""
    property string savedPath: ""
    signal fileRouteRequested()
    title: qsTr("Photograph the document")
    fillHeight: hasCamera

    MediaDevices { id: devices }
    readonly property bool hasCamera: devices.videoInputs.length > 0

    ColumnLayout {
        visible: !sheet.hasCamera
        Layout.fillWidth: true
        spacing: 20
        Label {
            objectName: "noCameraMessage"
            text: qsTr("This kiosk has no working camera. You can use a file from a USB stick instead, or ask a member of staff for help.")
            font.pixelSize: theme.fontBody
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        BigButton {
            objectName: "useFileInstead"
            text: qsTr("Choose a file from a USB stick")
            onClicked: {
                sheet.fileRouteRequested()
                sheet.close()
            }
        }
    }

    Loader {
        id: cameraLoader
        active: sheet.hasCamera
        visible: active
        Layout.fillWidth: true
        Layout.fillHeight: true
        sourceComponent: ColumnLayout {
            spacing: 16
            CaptureSession {
                camera: Camera { id: camera; active: sheet.visible }
                imageCapture: ImageCapture {
                    id: capture
                    onImageSaved: (requestId, path) => { sheet.savedPath = path }
                    onErrorOccurred: (requestId, error, message) => { problem.text = qsTr("The photo could not be taken. Please try again.") }
                }
                videoOutput: viewfinder
            }
            Label {
                text: qsTr("Lay the document flat under the camera, then touch \"Take photo\".")
                font.pixelSize: theme.fontBody
                color: theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true
                VideoOutput {
                    id: viewfinder
                    anchors.fill: parent
                    visible: sheet.savedPath.length === 0
                }
                Image {
                    anchors.fill: parent
                    visible: sheet.savedPath.length > 0
                    source: sheet.savedPath.length > 0 ? "file://" + sheet.savedPath : ""
                    fillMode: Image.PreserveAspectFit
                    asynchronous: true
                    cache: false
                }
            }
            Label {
                id: problem
                visible: text.length > 0
                color: theme.error
                font.pixelSize: theme.fontBody
            }
            RowLayout {
                spacing: 16
                BigButton {
                    objectName: "takePhoto"
                    visible: sheet.savedPath.length === 0
                    enabled: capture.readyForCapture
                    text: qsTr("Take photo")
                    onClicked: capture.captureToFile(sheet.form.newCapturePath(sheet.fieldPath, "jpg"))
                }
                BigButton {
                    visible: sheet.savedPath.length > 0
                    kind: "secondary"
                    text: qsTr("Take it again")
                    onClicked: sheet.savedPath = ""
                }
                BigButton {
                    objectName: "usePhoto"
                    visible: sheet.savedPath.length > 0
                    text: qsTr("Use this photo")
                    onClicked: {
                        sheet.form.attachCaptured(sheet.fieldPath, sheet.savedPath)
                        sheet.close()
                    }
                }
            }
        }
    }
}
