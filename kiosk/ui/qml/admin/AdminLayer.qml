import QtQuick
import QtQuick.Controls

// Everything over the citizen's screen that is not theirs: the admin PIN pad and panel, the
// volunteer sign-in, screen cleaning. It sits in the window's overlay so it also covers the
// header; it stops above the on-screen keyboard so that stays usable for the fields here.
Item {
    id: layer
    objectName: "adminLayer"
    property real keyboardHeight: 0
    readonly property bool active: admin.pinOpen || admin.panelOpen || volunteer.dialogOpen
                                   || admin.cleaning
    readonly property Item current: cleaning.item || pinPad.item || signIn.item || panel.item

    x: 0
    y: 0
    width: parent ? parent.width : 0
    height: parent ? parent.height - (admin.cleaning ? 0 : keyboardHeight) : 0
    visible: active
    z: 10000

    Loader {
        id: panel
        anchors.fill: parent
        active: admin.panelOpen
        sourceComponent: AdminPanel {}
    }
    Loader {
        id: signIn
        anchors.fill: parent
        active: volunteer.dialogOpen
        sourceComponent: VolunteerSignIn {}
    }
    Loader {
        id: pinPad
        anchors.fill: parent
        active: admin.pinOpen
        sourceComponent: PinPad {}
        onLoaded: item.forceActiveFocus()
    }
    Loader {
        id: cleaning
        anchors.fill: parent
        active: admin.cleaning
        sourceComponent: CleaningOverlay {}
    }
}
