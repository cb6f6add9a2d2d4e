import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "components"
import "admin"

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    visible: true
    color: theme.background
    title: qsTr("Citizen service kiosk")

    // One file per screen of the citizen session (kiosk/ui/session.py names them).
    readonly property var screenFiles: ({
        "attract": "AttractScreen.qml", "home": "HomeScreen.qml",
        "overview": "ServiceOverviewScreen.qml", "consent": "ConsentScreen.qml",
        "identify": "IdentifyScreen.qml", "reading": "ReadingScreen.qml",
        "card": "CardScreen.qml", "wizard": "WizardScreen.qml", "review": "ReviewScreen.qml",
        "saving": "SavingScreen.qml", "receipt": "ReceiptScreen.qml", "rating": "RatingScreen.qml"
    })

    header: KioskHeader {
        id: kioskHeader
        // "Read aloud": whatever is in front of the citizen (a dialog, else the screen).
        onSpeakRequested: speech.toggleItem(adminLayer.active ? adminLayer.current
                                            : (idle.warning ? timeoutDialog : screen.item))
    }

    Loader {
        id: screen
        objectName: "screenLoader"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: inputPanel.active ? inputPanel.top : parent.bottom
        source: "screens/" + screenFiles[session.screen]
        onLoaded: {
            if (item.hasOwnProperty("form")) item.form = Qt.binding(function() { return session.form })
            if (item.hasOwnProperty("catalogueEntry")) item.catalogueEntry = Qt.binding(function() { return session.service })
        }
    }

    Connections {
        target: screen.item
        ignoreUnknownSignals: true
        function onServiceChosen(code) { session.chooseService(code) }
        function onStart() { session.startApplication() }
        function onBack() { session.screen === "review" ? session.backToWizard() : session.goHome() }
        function onReviewRequested() { session.showReview() }
        function onCancelled() { session.goHome() }
        function onConfirmed() { session.confirmDossier() }
    }

    // Errors of screens that have no banner of their own (identify and receipt do): a
    // full disk at confirmation, a form that cannot open, ... Touch to dismiss.
    ErrorBanner {
        objectName: "sessionError"
        z: 150
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: 16
        text: session.screen === "identify" || session.screen === "receipt" ? "" : session.errorText
        MouseArea {
            anchors.fill: parent
            onClicked: session.clearError()
        }
    }

    CardRemovedDialog {
        anchors.fill: parent
    }

    TimeoutDialog {
        id: timeoutDialog
        anchors.fill: parent
    }

    // The band beside a keyboard narrower than the screen: one dark panel, not a strip of
    // page that looks touchable but is not.
    Rectangle {
        z: 98
        visible: inputPanel.active
        y: inputPanel.y
        width: parent.width
        height: inputPanel.height
        color: "#263238"  // the keyboard style's own background
        MouseArea { anchors.fill: parent }  // a touch beside the keys reaches nothing below
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        y: active ? parent.height - height : parent.height
        // Its height follows its width: on a wide, low screen (a 1280x800 tablet) a keyboard
        // as wide as the screen would take half of it, and a list searched with it would show
        // less than one line. At 1280x800 the keys stay about 80 px wide and 60 px high.
        width: Math.min(parent.width, Math.round(parent.height * 1.25))
        x: (parent.width - width) / 2
        visible: active
    }

    TelexKeyboard {}

    AdminLayer {
        id: adminLayer
        parent: Overlay.overlay
        keyboardHeight: inputPanel.active ? inputPanel.height : 0
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
