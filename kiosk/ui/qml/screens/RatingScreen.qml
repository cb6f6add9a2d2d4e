import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// One anonymous tap: how was the service? Stored only as counts per service per day.
Page {
    objectName: "ratingScreen"
    background: Rectangle { color: theme.background }
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 1100)
        spacing: 32
        ScreenTitle {
            text: qsTr("How satisfied are you with this service?")
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: 20
            Repeater {
                model: [
                    { stars: 1, face: "😞", label: qsTr("Very unhappy") },
                    { stars: 2, face: "🙁", label: qsTr("Unhappy") },
                    { stars: 3, face: "😐", label: qsTr("Neutral") },
                    { stars: 4, face: "🙂", label: qsTr("Happy") },
                    { stars: 5, face: "😄", label: qsTr("Very happy") }
                ]
                delegate: Button {
                    objectName: "rate" + modelData.stars
                    implicitWidth: theme.touchTarget * 2.6
                    implicitHeight: theme.touchTarget * 2.6
                    Accessible.name: modelData.label
                    onClicked: session.rate(modelData.stars)
                    contentItem: Column {
                        spacing: 6
                        Text {
                            text: modelData.face
                            font.pixelSize: theme.touchTarget
                            anchors.horizontalCenter: parent.horizontalCenter
                        }
                        Text {
                            text: modelData.label
                            font.pixelSize: theme.fontSmall
                            color: theme.text
                            width: parent.width
                            wrapMode: Text.WordWrap
                            horizontalAlignment: Text.AlignHCenter
                        }
                    }
                    background: Rectangle {
                        radius: 16
                        color: theme.surface
                        border.color: parent.activeFocus ? theme.focus : theme.border
                        border.width: parent.activeFocus ? 5 : 2
                    }
                }
            }
        }
        BigButton {
            objectName: "skipRatingButton"
            kind: "secondary"
            text: qsTr("Skip")
            Layout.alignment: Qt.AlignHCenter
            onClicked: session.finish()
        }
    }
}
