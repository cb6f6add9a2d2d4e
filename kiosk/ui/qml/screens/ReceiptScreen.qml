import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// The receipt on screen, printed automatically; if printing fails, a QR to photograph.
Page {
    objectName: "receiptScreen"
    background: Rectangle { color: theme.background }

    readonly property bool showQr: session.printState === "failed" || session.mobile

    // Side by side on a wide screen; on a portrait one the receipt (or its QR) above the
    // words, where it can be large enough to photograph.
    GridLayout {
        id: layout
        readonly property bool wide: width >= height
        anchors.fill: parent
        anchors.margins: 32
        columns: wide ? 2 : 1
        columnSpacing: 32
        rowSpacing: 24

        Rectangle {
            Layout.fillHeight: layout.wide
            Layout.fillWidth: !layout.wide
            Layout.preferredWidth: layout.wide ? parent.width * 0.42 : -1
            Layout.preferredHeight: layout.wide ? -1 : parent.height * 0.4
            color: theme.surface
            border.color: theme.border
            border.width: 2
            radius: 8
            Image {
                objectName: "receiptPreview"
                anchors.fill: parent
                anchors.margins: 8
                fillMode: Image.PreserveAspectFit
                source: showQr ? session.receiptQr : session.receiptPreview
                cache: false
                smooth: !showQr
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 20
            // What happened and what happens next scrolls when it does not fit (large text
            // on a tablet); the two buttons below always stay on screen.
            Flickable {
                id: info
                // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
                Component.onCompleted: viewport.follow(info)
                objectName: "receiptInfo"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: width
                contentHeight: infoColumn.implicitHeight
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {
                    width: 14
                    policy: info.contentHeight > info.height ? ScrollBar.AlwaysOn
                                                             : ScrollBar.AlwaysOff
                }
                ColumnLayout {
                    id: infoColumn
                    width: info.width - 24
                    spacing: 20
                    ScreenTitle {
                        text: qsTr("Your application has been received")
                        color: theme.ok
                        Layout.fillWidth: true
                    }
                    BodyText { text: qsTr("Your dossier code:"); Layout.fillWidth: true }
                    Label {
                        objectName: "localCode"
                        text: session.localCode
                        // On one line where it can be: the code is read out at the counter.
                        font.pixelSize: Math.min(theme.fontTitle,
                                                 infoColumn.width / Math.max(1, text.length) * 1.6)
                        font.bold: true
                        font.family: "monospace"
                        color: theme.text
                        wrapMode: Text.WrapAnywhere
                        Layout.fillWidth: true
                    }
                    // What the receipt says happens next: on screen too, for when the printer fails.
                    GridLayout {
                        objectName: "nextSteps"
                        columns: 2
                        columnSpacing: 16
                        rowSpacing: 6
                        Layout.fillWidth: true
                        Repeater {
                            model: [
                                {"key": "appointment", "label": qsTr("Result on")},
                                {"key": "resultPlace", "label": qsTr("How you receive it")},
                                {"key": "postage", "label": qsTr("Postage")},
                                {"key": "fee", "label": qsTr("Fee")},
                                {"key": "bring", "label": qsTr("Bring")}
                            ].filter(function (row) { return !!session.nextSteps[row.key] })
                            delegate: BodyText {
                                required property var modelData
                                Layout.columnSpan: 2
                                Layout.fillWidth: true
                                objectName: "nextStep_" + modelData.key
                                // Plain text: catalogue words are shown as they are, never as markup.
                                text: modelData.label + ": " + session.nextSteps[modelData.key]
                                textFormat: Text.PlainText
                            }
                        }
                    }
                    // The fee's VietQR, when no paper carries it (the printer failed, or a
                    // tablet without one): a banking app pays it from the screen.
                    ColumnLayout {
                        visible: showQr && session.paymentQr !== ""
                        Layout.fillWidth: true
                        spacing: 8
                        BodyText {
                            text: qsTr("Pay the fee: scan this VietQR code with your banking app.")
                            font.bold: true
                            Layout.fillWidth: true
                        }
                        Image {
                            objectName: "paymentQr"
                            source: session.paymentQr
                            Layout.preferredWidth: Math.min(infoColumn.width, theme.touchTarget * 5)
                            Layout.preferredHeight: Layout.preferredWidth
                            fillMode: Image.PreserveAspectFit
                            cache: false
                            smooth: false
                            Accessible.role: Accessible.Graphic
                            Accessible.name: qsTr("VietQR code to pay the fee")
                        }
                    }
                    BodyText {
                        objectName: "printStatus"
                        Layout.fillWidth: true
                        font.bold: true
                        text: session.mobile ? qsTr("Photograph the QR code to keep your receipt. It is also kept as a PDF for reprint.")
                            : session.printState === "printing" ? qsTr("Printing your receipt…")
                            : session.printState === "printed" ? qsTr("Your receipt has been printed. Please take it from the printer.")
                            : ""  // a failed print is said once, by the banner below (what and why)
                        color: theme.text
                        visible: text.length > 0
                    }
                    ErrorBanner {
                        text: session.printState === "failed" ? session.errorText : ""
                        Layout.fillWidth: true
                    }
                }
            }
            BigButton {
                objectName: "printButton"
                visible: !session.mobile
                kind: "secondary"
                text: session.printState === "failed" ? qsTr("Try printing again") : qsTr("Print again")
                enabled: session.printState !== "printing"
                Layout.fillWidth: true
                onClicked: session.printReceipt()
            }
            BigButton {
                objectName: "doneButton"
                text: qsTr("Done")
                Layout.fillWidth: true
                onClicked: session.receiptDone()
            }
        }
    }
}
