import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Under the header, only when it matters: who assists (assisted mode, with one-tap "next
// citizen") and, on a mobile kiosk, whether it is online and what waits to be sent.
Rectangle {
    id: strip
    objectName: "assistStrip"
    readonly property bool shown: volunteer.signedIn || session.mobile
    visible: shown
    implicitHeight: shown ? theme.touchTarget + 12 : 0
    color: theme.highContrast ? theme.background : Qt.darker(theme.primary, 1.35)
    border.color: theme.highContrast ? theme.border : "transparent"
    border.width: theme.highContrast ? 2 : 0

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 24
        anchors.rightMargin: 16
        spacing: 16

        Rectangle {
            visible: volunteer.signedIn
            radius: height / 2
            color: theme.accent
            implicitHeight: theme.touchTarget - 8
            implicitWidth: badge.implicitWidth + 36
            Layout.maximumWidth: strip.width * 0.45
            Label {
                id: badge
                objectName: "assistedBadge"
                anchors.centerIn: parent
                width: Math.min(implicitWidth, parent.width - 24)
                text: qsTr("Assisted by %1").arg(volunteer.name)
                font.pixelSize: theme.fontSmall
                font.bold: true
                color: "#000000"
                elide: Text.ElideRight
            }
        }
        HeaderButton {
            objectName: "nextCitizenButton"
            visible: volunteer.signedIn
            selected: true  // the volunteer's main action: filled, easy to find
            text: qsTr("Next citizen")
            onClicked: volunteer.nextCitizen()
        }
        HeaderButton {
            objectName: "volunteerSignOut"
            visible: volunteer.signedIn
            text: qsTr("Sign out")
            onClicked: volunteer.signOut()
        }
        Item { Layout.fillWidth: true }
        Label {
            objectName: "syncStatus"
            visible: session.mobile
            text: (sync.online ? qsTr("Online") : qsTr("Offline"))
                  + (sync.queueDepth > 0
                     ? "  •  " + qsTr("%1 dossier(s) waiting to be sent").arg(sync.queueDepth)
                       + (sync.oldestUnsentHours > 0
                          ? "  •  " + qsTr("oldest waiting %1 h").arg(Number(sync.oldestUnsentHours).toLocaleString(Qt.locale(), "f", 1))
                          : "")
                     : "  •  " + qsTr("nothing waiting"))
            color: theme.primaryText
            font.pixelSize: theme.fontSmall
            font.bold: !sync.online
            elide: Text.ElideLeft
            Layout.maximumWidth: strip.width * (volunteer.signedIn ? 0.4 : 0.9)
        }
    }
}
