import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Kiosk name, clock, language switch and the accessibility toggles, on every screen.
// Hidden: five taps in the top-left corner open the admin PIN pad; a long press on the
// kiosk name opens the volunteer sign-in.
Rectangle {
    id: root
    objectName: "kioskHeader"
    signal speakRequested()
    readonly property int rowHeight: theme.touchTarget + 24
    implicitHeight: rowHeight + (demoStrip.visible ? demoStrip.height : 0)
                    + assistStrip.implicitHeight
    color: theme.primary

    RowLayout {
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        height: root.rowHeight
        anchors.leftMargin: 24
        anchors.rightMargin: 16
        spacing: 16

        ColumnLayout {
            id: nameColumn
            Layout.fillWidth: true
            spacing: 2
            Label {
                objectName: "kioskName"
                text: shell.kioskName
                color: theme.primaryText
                font.pixelSize: theme.fontBody
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "clock"
                text: shell.clock
                color: theme.primaryText
                font.pixelSize: theme.fontSmall
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
        }

        HeaderButton {
            objectName: "startOverButton"
            visible: session.screen !== "attract" && session.screen !== "home"
            text: qsTr("Start over")
            onClicked: session.finish()
        }
        HeaderButton {
            objectName: "telexSwitch"
            // Only while typing: Telex (aa → â, dd → đ, s f r x j → tones) on or off.
            visible: Qt.inputMethod.visible
            text: telex.enabled ? qsTr("Telex typing: on") : qsTr("Telex typing: off")
            selected: telex.enabled
            focusPolicy: Qt.TabFocus  // a tap must not take focus from the text field
            Accessible.name: qsTr("Telex typing")
            onClicked: telex.toggle()
        }
        HeaderButton {
            objectName: "speakButton"
            visible: speech.available
            text: speech.speaking ? qsTr("Stop reading") : qsTr("Read aloud")
            selected: speech.speaking
            onClicked: root.speakRequested()
        }
        HeaderButton {
            objectName: "largeTextButton"
            text: qsTr("Larger text")
            selected: theme.largeText
            onClicked: theme.toggleLargeText()
        }
        HeaderButton {
            objectName: "contrastButton"
            text: qsTr("High contrast")
            selected: theme.highContrast
            onClicked: theme.toggleHighContrast()
        }
        HeaderButton {
            objectName: "languageButton"
            // Always names the OTHER language, in that language, so anyone can find it.
            text: i18n.language === "vi" ? "English" : "Tiếng Việt"
            onClicked: i18n.toggle()
        }
    }

    MouseArea {
        objectName: "adminCorner"
        // The kiosk name's area: taps near the corner count toward the admin gesture.
        x: 0
        y: 0
        width: nameColumn.x + nameColumn.width
        height: root.rowHeight
        pressAndHoldInterval: 2000
        onClicked: function(mouse) {
            if (mouse.x < theme.touchTarget * 2.5)
                admin.cornerTap()
        }
        onPressAndHold: volunteer.openSignIn()
    }

    // Demo mode said on a line of its own: beside the clock, the buttons that appear while
    // typing (Telex) squeezed it to "CHẾ ĐỘ THỬ: thẻ và cổ…".
    Rectangle {
        id: demoStrip
        objectName: "demoStrip"
        visible: shell.demo
        y: root.rowHeight
        width: parent.width
        height: demoLabel.implicitHeight + 8
        color: Qt.darker(theme.primary, 1.25)
        Label {
            id: demoLabel
            objectName: "demoNotice"
            anchors.centerIn: parent
            width: parent.width - 32
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("DEMO: simulated card and portal")
            color: theme.primaryText
            font.pixelSize: theme.fontSmall
            font.bold: true
            wrapMode: Text.WordWrap
        }
    }

    AssistStrip {
        id: assistStrip
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        height: implicitHeight
    }
}
