import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Is the card reader there, is the printer ready, does a page come out?
ColumnLayout {
    id: root
    objectName: "devicesPage"
    readonly property QtObject page: admin.devices
    spacing: 16

    AdminCell {
        text: qsTr("Check the card reader and the receipt printer. A test page prints a sample receipt with an invented name.")
        Layout.fillWidth: true
    }
    Flow {
        Layout.fillWidth: true
        spacing: 16
        BigButton {
            objectName: "testReader"
            text: qsTr("Test the card reader")
            enabled: !root.page.busy
            onClicked: root.page.testReader()
        }
        BigButton {
            objectName: "testPrinter"
            kind: "secondary"
            text: qsTr("Check the printer")
            enabled: !root.page.busy
            onClicked: root.page.testPrinter()
        }
        BigButton {
            objectName: "printTestPage"
            kind: "secondary"
            text: qsTr("Print a test page")
            enabled: !root.page.busy
            onClicked: root.page.printTestPage()
        }
    }
    AdminCell {
        visible: root.page.busy
        text: qsTr("Working…")
        muted: true
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
}
