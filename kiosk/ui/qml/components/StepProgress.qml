import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// "Step 2 of 5" and a bar of segments: done, current, still to come.
ColumnLayout {
    id: progress
    property int index: 0
    property int count: 1
    spacing: 8
    Label {
        objectName: "wizardProgressText"
        text: qsTr("Step %1 of %2").arg(progress.index + 1).arg(progress.count)
        font.pixelSize: theme.fontBody
        font.bold: true
        color: theme.mutedText
    }
    RowLayout {
        objectName: "wizardProgress"
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: Math.max(1, progress.count)
            Rectangle {
                required property int index
                Layout.fillWidth: true
                implicitHeight: 12
                radius: 6
                color: index < progress.index ? theme.ok
                       : (index === progress.index ? theme.primary : theme.border)
            }
        }
    }
}
