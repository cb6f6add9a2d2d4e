import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Volunteer sign-in, screen cleaning, leaving the kiosk for the desktop.
ColumnLayout {
    id: root
    objectName: "morePage"
    spacing: 20
    property bool confirmingExit: false

    AdminCell {
        objectName: "gesturesHelp"
        text: qsTr("Hidden gestures: press and hold the kiosk's name at the top left for 2 seconds to sign in as a volunteer; tap the top-left corner 5 times within 3 seconds, then enter the PIN, to open this panel.")
        Layout.fillWidth: true
    }
    AdminCell {
        text: volunteer.signedIn ? qsTr("Assisted mode: %1 is signed in.").arg(volunteer.name)
                                 : qsTr("Assisted mode: a volunteer signs in with their code and PIN, then helps one citizen after another.")
        Layout.fillWidth: true
    }
    BigButton {
        objectName: "openVolunteer"
        visible: volunteer.allowed && !volunteer.signedIn
        text: qsTr("Volunteer sign-in")
        onClicked: { admin.closePanel(); volunteer.openSignIn() }
    }
    AdminCell {
        text: qsTr("Screen cleaning: the screen ignores every touch for 30 seconds so it can be wiped.")
        Layout.fillWidth: true
        Layout.topMargin: 12
    }
    BigButton {
        objectName: "startCleaning"
        kind: "secondary"
        text: qsTr("Clean the screen")
        onClicked: admin.startCleaning()
    }
    AdminCell {
        text: qsTr("Exit to the desktop: the kiosk application closes until it is started again.")
        Layout.fillWidth: true
        Layout.topMargin: 12
    }
    RowLayout {
        spacing: 16
        BigButton {
            objectName: "exitKiosk"
            visible: !root.confirmingExit
            kind: "secondary"
            text: qsTr("Exit to desktop")
            onClicked: root.confirmingExit = true
        }
        AdminCell {
            visible: root.confirmingExit
            text: qsTr("Close the kiosk application now?")
            strong: true
        }
        BigButton {
            objectName: "confirmExit"
            visible: root.confirmingExit
            text: qsTr("Yes, exit")
            onClicked: { root.confirmingExit = false; admin.confirmExit() }
        }
        BigButton {
            objectName: "cancelExit"
            visible: root.confirmingExit
            kind: "secondary"
            text: qsTr("No, stay")
            onClicked: root.confirmingExit = false
        }
    }
    Item { Layout.fillHeight: true }
}
