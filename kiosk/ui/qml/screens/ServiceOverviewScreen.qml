import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Before starting: what the procedure is, the documents to bring, the fee, how long it
// takes and how much of it is online. `catalogueEntry` is kiosk.ui.catalogue_tiles'
// catalogue_entry() dict (texts in vi and en; this screen picks the current language).
Page {
    id: page
    objectName: "serviceOverviewScreen"
    readonly property bool overlayHost: true
    property var catalogueEntry: ({})
    readonly property var entry: catalogueEntry ? catalogueEntry : ({})
    readonly property bool vi: i18n.language === "vi"

    signal start()
    signal back()

    background: Rectangle { color: theme.background }

    function text(key) {
        var v = page.entry[key + (page.vi ? "Vi" : "En")]
        return v ? String(v) : ""
    }
    // What the citizen pays filing here (the kiosk files online: a province's online
    // support already taken off), or that it depends on the answers.
    function feeText() {
        var e = page.entry
        if (e.feePayable === undefined || e.feePayable < 0)
            return qsTr("Depends on your answers")
        return e.feePayable === 0 ? qsTr("Free of charge")
               : qsTr("%1 VND").arg(Number(e.feePayable).toLocaleString(Qt.locale("vi_VN"), "f", 0))
    }
    function feeDetail() {
        var rule = page.text("feeRule")
        if (rule.length > 0)
            return page.entry.feeListed > 0
                   ? qsTr("Fee %1 VND. %2").arg(Number(page.entry.feeListed).toLocaleString(Qt.locale("vi_VN"), "f", 0)).arg(rule)
                   : rule
        if (page.text("feeNote").length > 0)
            return page.text("feeNote")
        return page.entry.feeKind === "rule" ? qsTr("The amount is shown before you confirm.") : ""
    }
    readonly property string toConfirm: qsTr("To be confirmed at the one-stop counter")

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: 40
        anchors.rightMargin: 40
        anchors.topMargin: 24
        anchors.bottomMargin: 16
        spacing: 14

        Label {
            text: page.text("category")
            font.pixelSize: theme.fontSmall
            color: theme.mutedText
        }
        Label {
            objectName: "overviewTitle"
            text: page.text("name")
            font.pixelSize: theme.fontTitle
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Flickable {
            id: flick
            // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
            Component.onCompleted: viewport.follow(flick)
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentHeight: column.implicitHeight + 16
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                width: 14
                policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            ColumnLayout {
                id: column
                width: flick.width - 36
                spacing: 20

                Label {
                    visible: text.length > 0
                    text: page.text("summary")
                    font.pixelSize: theme.fontBody
                    color: theme.text
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 16
                    FactCard {
                        objectName: "overviewFee"
                        caption: qsTr("Fee")
                        value: page.feeText()
                        detail: page.feeDetail()
                        caution: page.entry.feeUnconfirmed ? page.toConfirm : ""
                    }
                    FactCard {
                        objectName: "overviewTime"
                        caption: qsTr("Processing time")
                        value: page.text("time")
                        detail: page.text("timeNote")
                        caution: page.entry.timeUnconfirmed ? page.toConfirm : ""
                    }
                    FactCard {
                        objectName: "overviewLevel"
                        caption: qsTr("Online service")
                        value: page.text("serviceLevel")
                        detail: page.entry.serviceLevel === "toan_trinh"
                                ? qsTr("Everything is done online; you do not need to go to the office.")
                                : qsTr("You may need to go to the office to show originals or collect the result.")
                    }
                }

                Label {
                    text: qsTr("Documents you need")
                    font.pixelSize: theme.fontBody * 1.15
                    font.bold: true
                    color: theme.text
                    Layout.topMargin: 6
                }
                Label {
                    visible: !page.entry.documents || page.entry.documents.length === 0
                    text: qsTr("Only your chip ID card.")
                    font.pixelSize: theme.fontBody
                    color: theme.text
                }
                Repeater {
                    model: page.entry.documents ? page.entry.documents : []
                    RowLayout {
                        required property var modelData
                        required property int index
                        objectName: "document_" + modelData.id
                        Layout.fillWidth: true
                        spacing: 16
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            implicitWidth: theme.fontBody * 1.6
                            implicitHeight: implicitWidth
                            radius: width / 2
                            color: theme.primary
                            Label {
                                anchors.centerIn: parent
                                text: String(index + 1)
                                color: theme.primaryText
                                font.pixelSize: theme.fontSmall
                                font.bold: true
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                text: page.vi ? modelData.nameVi : modelData.nameEn
                                font.pixelSize: theme.fontBody
                                color: theme.text
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            Label {
                                readonly property string note: page.vi ? modelData.noteVi : modelData.noteEn
                                readonly property var tags: [
                                    modelData.capture === "photo" || modelData.capture === "scan"
                                        ? qsTr("photographed here at the kiosk") : "",
                                    modelData.conditional ? qsTr("only in some cases") : "",
                                    !modelData.required ? qsTr("if you have it") : "",
                                    modelData.unconfirmed ? page.toConfirm : ""
                                ].filter(function (t) { return t.length > 0 })
                                visible: text.length > 0
                                text: [note].concat(tags).filter(function (t) { return t.length > 0 }).join(" · ")
                                font.pixelSize: theme.fontSmall
                                color: theme.mutedText
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                        }
                    }
                }

                Label {
                    visible: text.length > 0
                    text: page.text("agency").length > 0
                          ? qsTr("Handled by: %1").arg(page.text("agency"))
                            + (page.entry.agencyUnconfirmed ? " (" + page.toConfirm + ")" : "") : ""
                    font.pixelSize: theme.fontSmall
                    color: theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                }
                Label {
                    visible: page.entry.verified === false
                    text: qsTr("What is marked “to be confirmed” no official text confirms yet: ask at the one-stop counter.")
                    font.pixelSize: theme.fontSmall
                    font.italic: true
                    color: theme.mutedText
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 2
            color: theme.border
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 24
            BigButton {
                objectName: "overviewBack"
                kind: "secondary"
                text: "‹  " + qsTr("Back")
                Layout.preferredWidth: theme.touchTarget * 4
                onClicked: page.back()
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "overviewStart"
                text: qsTr("Start the application") + "  ›"
                Layout.preferredWidth: theme.touchTarget * 7
                onClicked: page.start()
            }
        }
    }
}
