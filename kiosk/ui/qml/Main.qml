import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "components"
import "screens"

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    visible: true
    color: theme.background
    title: qsTr("Citizen service kiosk")

    header: KioskHeader { id: kioskHeader }

    StackView {
        id: stack
        objectName: "screenStack"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: inputPanel.top
        initialItem: HomeScreen { }
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        y: active ? parent.height - height : parent.height
        width: parent.width
        visible: active
    }

    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: i18n.language === "vi" ? "vi_VN" : "en_US"
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
    }
}
