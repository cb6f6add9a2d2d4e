import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ".."

// Sign with a finger. The drawing is saved as a PNG in the session folder a moment after
// each stroke, so there is nothing extra to press.
FieldFrame {
    id: root
    readonly property var value: field && field.value ? field.value : null
    property bool drawn: false
    property var strokes: []

    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: theme.touchTarget * 3.2
        radius: 12
        color: theme.paper
        border.color: root.errorText.length > 0 ? theme.error : theme.border
        border.width: 3
        Image {
            anchors.fill: parent
            anchors.margins: 4
            visible: !root.drawn && root.value !== null
            source: visible && root.field.preview ? root.field.preview : ""
            fillMode: Image.PreserveAspectFit
            cache: false
        }
        Label {
            anchors.centerIn: parent
            visible: !root.drawn && root.value === null
            text: qsTr("Sign here with your finger")
            font.pixelSize: theme.fontBody
            color: theme.ink
            opacity: 0.55
        }
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: 28
            anchors.bottomMargin: parent.height * 0.25
            height: 2
            color: theme.ink
            opacity: 0.3
        }
        Canvas {
            id: canvas
            objectName: "signature_" + root.path
            anchors.fill: parent
            onPaint: {
                var ctx = getContext("2d")
                ctx.clearRect(0, 0, width, height)
                ctx.lineWidth = 4
                ctx.lineCap = "round"
                ctx.lineJoin = "round"
                ctx.strokeStyle = theme.ink
                for (var s = 0; s < root.strokes.length; ++s) {
                    var pts = root.strokes[s]
                    ctx.beginPath()
                    ctx.moveTo(pts[0].x, pts[0].y)
                    for (var i = 1; i < pts.length; ++i)
                        ctx.lineTo(pts[i].x, pts[i].y)
                    ctx.stroke()
                }
            }
            MouseArea {
                anchors.fill: parent
                onPressed: (mouse) => {
                    root.strokes.push([{"x": mouse.x, "y": mouse.y}])
                    root.drawn = true
                }
                onPositionChanged: (mouse) => {
                    root.strokes[root.strokes.length - 1].push({"x": mouse.x, "y": mouse.y})
                    canvas.requestPaint()
                }
                onReleased: saveTimer.restart()
            }
        }
        Timer {
            id: saveTimer
            interval: 500
            onTriggered: root.save()
        }
    }
    function save() {
        if (!root.form || root.strokes.length === 0)
            return
        var target = root.form.newCapturePath(root.path, "png")
        canvas.grabToImage(function (result) {
            if (result.saveToFile(target))
                root.form.attachCaptured(root.path, target)
        })
    }
    BigButton {
        objectName: "clearSignature_" + root.path
        kind: "secondary"
        visible: root.drawn || root.value !== null
        text: qsTr("Clear and sign again")
        onClicked: {
            root.strokes = []
            root.drawn = false
            canvas.requestPaint()
            if (root.form) root.form.removeAttachment(root.path)
        }
    }
}
