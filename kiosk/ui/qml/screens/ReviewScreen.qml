import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

// Every answer, step by step with a "Change" button each, what happens next (documents,
// fee, expected date), and one big button to confirm and submit.
Page {
    id: page
    objectName: "reviewScreen"
    readonly property bool overlayHost: true
    property var form: null
    readonly property bool ready: !!form && form.active && form.onReview
    readonly property var info: ready ? form.reviewInfo : ({})
    readonly property var rows: ready ? form.review : []

    signal confirmed()
    signal back()

    background: Rectangle { color: theme.background }

    // In the page's own scope: the row that asked is destroyed as the review closes.
    function edit(stepId) {
        if (form && form.editStep(stepId))
            back()
    }

    function feeText(amount) {
        if (amount === undefined || amount === null)
            return ""
        if (amount === 0)
            return qsTr("Free of charge")
        return qsTr("%1 VND").arg(Number(amount).toLocaleString(Qt.locale("vi_VN"), "f", 0))
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.leftMargin: 40
        anchors.rightMargin: 40
        anchors.topMargin: 20
        anchors.bottomMargin: 16
        spacing: 12

        Label {
            text: page.info.serviceName || ""
            font.pixelSize: theme.fontSmall
            color: theme.mutedText
        }
        Label {
            objectName: "reviewTitle"
            text: qsTr("Please check your application")
            font.pixelSize: theme.fontTitle
            font.bold: true
            color: theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("If something is wrong, touch \"Change\" next to it.")
            font.pixelSize: theme.fontBody
            color: theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Flickable {
            id: flick
            // Scrolled away is not "showing" to a screen reader (kiosk/ui/viewport.py).
            Component.onCompleted: viewport.follow(flick)
            objectName: "reviewFlick"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentHeight: column.implicitHeight + 24
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {
                width: 14
                policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            }

            ColumnLayout {
                id: column
                width: flick.width - 36
                spacing: 0

                Repeater {
                    model: page.rows
                    ColumnLayout {
                        id: entry
                        required property var modelData
                        required property int index
                        readonly property bool firstOfStep: index === 0
                            || page.rows[index - 1].stepId !== modelData.stepId
                        Layout.fillWidth: true
                        spacing: 0

                        RowLayout {
                            visible: entry.firstOfStep
                            Layout.fillWidth: true
                            Layout.topMargin: entry.index === 0 ? 4 : 26
                            Layout.bottomMargin: 6
                            spacing: 16
                            Label {
                                text: entry.modelData.stepTitle
                                font.pixelSize: theme.fontBody * 1.15
                                font.bold: true
                                color: theme.primary
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            BigButton {
                                objectName: "edit_" + entry.modelData.stepId
                                kind: "secondary"
                                text: "✎  " + qsTr("Change")
                                implicitHeight: theme.touchTarget
                                onClicked: page.edit(entry.modelData.stepId)
                            }
                        }
                        Rectangle {
                            Layout.fillWidth: true
                            implicitHeight: line.implicitHeight + 20
                            color: entry.index % 2 === 0 ? theme.surface : theme.background
                            RowLayout {
                                id: line
                                anchors.fill: parent
                                anchors.leftMargin: 14
                                anchors.rightMargin: 14
                                spacing: 20
                                Label {
                                    text: entry.modelData.label
                                    font.pixelSize: theme.fontSmall * 1.1
                                    color: theme.mutedText
                                    wrapMode: Text.WordWrap
                                    Layout.preferredWidth: column.width * 0.36
                                    Layout.alignment: Qt.AlignTop
                                    Layout.topMargin: 2
                                }
                                Label {
                                    objectName: "reviewValue_" + entry.modelData.path
                                    text: entry.modelData.value.length > 0 ? entry.modelData.value : "—"
                                    font.pixelSize: theme.fontBody
                                    font.bold: true
                                    color: theme.text
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                    Layout.alignment: Qt.AlignTop
                                }
                            }
                        }
                    }
                }

                // What happens next.
                Rectangle {
                    Layout.fillWidth: true
                    Layout.topMargin: 28
                    implicitHeight: facts.implicitHeight + 36
                    radius: 14
                    color: theme.surface
                    border.color: theme.border
                    border.width: 2
                    GridLayout {
                        id: facts
                        anchors.fill: parent
                        anchors.margins: 18
                        columns: 2
                        columnSpacing: 24
                        rowSpacing: 12
                        Label {
                            text: qsTr("Documents")
                            font.pixelSize: theme.fontSmall * 1.1
                            color: theme.mutedText
                            Layout.alignment: Qt.AlignTop
                            Layout.preferredWidth: column.width * 0.3
                        }
                        Label {
                            text: page.info.documents && page.info.documents.length > 0
                                  ? "• " + page.info.documents.join("\n• ") : "—"
                            font.pixelSize: theme.fontBody
                            color: theme.text
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                        Label {
                            text: qsTr("Fee")
                            font.pixelSize: theme.fontSmall * 1.1
                            color: theme.mutedText
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                objectName: "reviewFee"
                                text: page.feeText(page.info.feeVnd)
                                font.pixelSize: theme.fontBody
                                font.bold: true
                                color: theme.text
                            }
                            // Why it is less than the listed fee (a province's online
                            // support), in one line; and whether it is still to confirm.
                            Label {
                                objectName: "reviewFeeRule"
                                visible: text.length > 0
                                text: page.info.feeRule
                                      ? (page.info.feeListed > 0
                                         ? qsTr("Fee %1 VND. %2").arg(Number(page.info.feeListed).toLocaleString(Qt.locale("vi_VN"), "f", 0)).arg(page.info.feeRule)
                                         : page.info.feeRule) : ""
                                font.pixelSize: theme.fontSmall
                                color: theme.mutedText
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            Label {
                                objectName: "reviewFeeCaution"
                                visible: page.info.feeUnconfirmed === true
                                text: qsTr("To be confirmed at the one-stop counter")
                                font.pixelSize: theme.fontSmall
                                font.bold: true
                                color: theme.text
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                        }
                        Label {
                            text: qsTr("Processing time")
                            font.pixelSize: theme.fontSmall * 1.1
                            color: theme.mutedText
                        }
                        Label {
                            text: (page.info.processingTime || "")
                                  + (page.info.timeUnconfirmed === true
                                     ? " (" + qsTr("To be confirmed at the one-stop counter") + ")" : "")
                            font.pixelSize: theme.fontBody
                            color: theme.text
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                        Label {
                            text: qsTr("Result expected")
                            font.pixelSize: theme.fontSmall * 1.1
                            color: theme.mutedText
                        }
                        Label {
                            text: (page.info.appointment || "")
                                  + (page.info.appointmentEstimated ? "  (" + qsTr("estimate") + ")" : "")
                            font.pixelSize: theme.fontBody
                            font.bold: true
                            color: theme.text
                        }
                        Label {
                            text: qsTr("Where to get the result")
                            font.pixelSize: theme.fontSmall * 1.1
                            color: theme.mutedText
                            Layout.alignment: Qt.AlignTop
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Label {
                                objectName: "reviewResultPlace"
                                text: page.info.resultPlace || ""
                                font.pixelSize: theme.fontBody
                                color: theme.text
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            // By post: where to, why (the city's rule) and who pays postage.
                            Label {
                                objectName: "reviewDeliveryAddress"
                                visible: text.length > 0
                                text: page.info.deliveryAddress
                                      ? qsTr("To: %1").arg(page.info.deliveryAddress) : ""
                                font.pixelSize: theme.fontBody
                                font.bold: true
                                color: theme.text
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            Label {
                                objectName: "reviewPostage"
                                visible: text.length > 0
                                text: [page.info.postRule || "", page.info.postage || ""]
                                      .filter(function (t) { return t.length > 0 }).join(". ")
                                font.pixelSize: theme.fontSmall
                                color: theme.mutedText
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }
        }

        ErrorBanner {
            objectName: "reviewErrors"
            Layout.fillWidth: true
            text: page.ready && !page.info.canConfirm
                  ? qsTr("Some answers are still missing or need checking. Please touch \"Change\" for the step concerned.")
                  : ""
        }
        // The closing statement, right above the button that states it: no step of its own.
        Rectangle {
            objectName: "reviewStatement"
            readonly property var statements: page.ready && page.info.statements
                                              ? page.info.statements : []
            visible: statements.length > 0
            Layout.fillWidth: true
            implicitHeight: statementText.implicitHeight + 24
            radius: 10
            color: theme.surface
            border.color: theme.border
            border.width: 2
            Text {
                id: statementText
                anchors.fill: parent
                anchors.margins: 12
                text: qsTr("Touching the button below signs this declaration:") + " "
                      + parent.statements.join(" ")
                font.pixelSize: theme.fontSmall
                color: theme.text
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
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
                objectName: "reviewBack"
                kind: "secondary"
                text: "‹  " + qsTr("Back")
                Layout.preferredWidth: theme.touchTarget * 4
                onClicked: {
                    if (page.form)
                        page.form.back()
                    page.back()
                }
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "confirmButton"
                enabled: page.ready && page.info.canConfirm === true
                readonly property bool declares: page.ready && !!page.info.statements
                                                  && page.info.statements.length > 0
                text: "✓  " + (declares ? qsTr("I so declare: confirm and submit")
                                        : qsTr("Confirm and submit the application"))
                Layout.preferredWidth: theme.touchTarget * 9
                onClicked: {
                    if (declares && page.form)
                        page.form.agreeAtReview()
                    page.confirmed()
                }
            }
        }
    }
}
