import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Where dossiers go, the catalogue in use (where it came from, how old its facts' checks
// are, a check for a newer one), and a new device token (stored in the keyring, never shown
// again).
ColumnLayout {
    id: root
    objectName: "portalPage"
    readonly property QtObject page: admin.portal
    spacing: 12

    GridLayout {
        columns: 2
        columnSpacing: 24
        rowSpacing: 6
        Layout.fillWidth: true
        Repeater {
            model: root.page.rows
            delegate: AdminCell {
                required property var modelData
                required property int index
                Layout.row: index
                Layout.column: 0
                text: modelData.label
                muted: true
            }
        }
        Repeater {
            model: root.page.rows
            delegate: AdminCell {
                required property var modelData
                required property int index
                Layout.row: index
                Layout.column: 1
                Layout.fillWidth: true
                text: modelData.value
                strong: true
            }
        }
        AdminCell {
            Layout.row: root.page.rows.length
            Layout.column: 0
            text: qsTr("Service catalogue in use")
            muted: true
        }
        AdminCell {
            // A signed bundle from the portal (its version and when it was signed), or the
            // catalogue shipped with the kiosk (its own version).
            objectName: "catalogueVersion"
            Layout.row: root.page.rows.length
            Layout.column: 1
            Layout.fillWidth: true
            text: !root.page.catalogueVersion ? "—"
                  : root.page.catalogueBundle
                    ? qsTr("Bundle %1, signed %2").arg(root.page.catalogueBundle)
                                                         .arg(root.page.catalogueSigned)
                    : qsTr("Shipped with the kiosk (catalogue %1)").arg(root.page.catalogueVersion)
            strong: true
        }
        AdminCell {
            Layout.row: root.page.rows.length + 1
            Layout.column: 0
            text: qsTr("Oldest fact checked on")
            muted: true
        }
        AdminCell {
            // When the fact checked longest ago was last read in its source.
            objectName: "oldestFactCheck"
            Layout.row: root.page.rows.length + 1
            Layout.column: 1
            Layout.fillWidth: true
            text: !root.page.catalogueVersion ? "—"
                  : root.page.oldestFactCheck
                    ? qsTr("%1 (%2 day(s) ago)").arg(root.page.oldestFactCheck)
                                                .arg(root.page.oldestFactAgeDays)
                    : qsTr("No fact cites a source yet")
            strong: true
        }
        AdminCell {
            Layout.row: root.page.rows.length + 2
            Layout.column: 0
            text: qsTr("Device token")
            muted: true
        }
        AdminCell {
            objectName: "tokenState"
            Layout.row: root.page.rows.length + 2
            Layout.column: 1
            text: root.page.tokenState
            strong: true
        }
    }
    BigButton {
        objectName: "checkCatalogue"
        kind: "secondary"
        text: qsTr("Check for a catalogue update")
        enabled: !root.page.busy
        onClicked: root.page.checkCatalogue()
    }
    AdminCell {
        text: qsTr("New device token (from the portal's operator):")
        Layout.fillWidth: true
        Layout.topMargin: 8
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 16
        AnswerInput {
            id: tokenField
            objectName: "tokenField"
            Layout.fillWidth: true
            maximumLength: 4096  // a device token (a JWT) can be long
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhHiddenText | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                              | Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly
            placeholderText: qsTr("Paste or type the token")
        }
        BigButton {
            objectName: "saveToken"
            text: qsTr("Save token")
            enabled: tokenField.text.length > 0 && !root.page.busy
            onClicked: {
                root.page.setToken(tokenField.text)
                tokenField.text = ""
                tokenField.focus = false
            }
        }
    }
    AdminMessage { page: root.page; Layout.fillWidth: true }
    Item { Layout.fillHeight: true }
}
